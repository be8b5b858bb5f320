#if canImport(Glibc)
    import Glibc
#endif

/// The full command line, `gammalog-tool`, installed next to `gammalog`.
enum FullTool {
    /// Replaces this process with `gammalog-tool` and the same arguments.
    /// With `GAMMALOG_FAST_PATH_ONLY=1` (tests) it refuses instead, exiting 3, to prove the fast path answered.
    static func replaceProcess(arguments: [String]) -> Never {
        if let only = getenv("GAMMALOG_FAST_PATH_ONLY"), String(cString: only) == "1" {
            _ = "gammalog: the fast path did not answer\n".withCString { write(2, $0, strlen($0)) }
            exit(3)
        }
        let path = directory() + "/gammalog-tool"
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments.dropFirst()).map { strdup($0) }
        argv.append(nil)
        execv(path, &argv)
        let message = "gammalog: cannot run \(path): \(String(cString: strerror(errno)))\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(127)
    }

    /// The folder of this executable.
    static func directory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "." }
        let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
