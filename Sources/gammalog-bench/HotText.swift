import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the linker's symbol order for `gammalogd`: the functions on every
/// code page the idle daemon touched, so that the release link packs them
/// together at the start of `.text`.
///
/// The kernel maps up to 64 KB of cached file around each page fault, so code
/// the daemon needs, spread over the whole executable, keeps most of it
/// resident. Packed, it keeps a third. To see single pages, the profile turns
/// read-ahead off for the disk holding the executable and drops the
/// executable from the page cache (both need root; without them the profile
/// is coarser but still valid). Run it on a release build made by
/// `scripts/build-release.sh`, twice: the second run sees the packed layout.
struct HotText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hot-text", abstract: "Profile the idle daemon and write the linker's symbol order.")

    @Option(help: "Where to write the order.")
    var output = "Sources/gammalogd/Linker/hot-text.order"

    @Option(help: "Seconds to let the daemon run before reading its pages.")
    var seconds = 10

    func run() throws {
        let executable = IdleDaemon.executable.path
        let readAhead = ReadAhead(of: executable)
        let previous = readAhead?.set("0")
        defer { if let previous { _ = readAhead?.set(previous) } }
        if previous == nil { print("read-ahead stays on (not root?): the profile is at 64 KB granularity") }
        Self.dropFromPageCache(executable)
        let idle = try IdleDaemon.start()
        defer { idle.stop() }
        Thread.sleep(forTimeInterval: Double(seconds))
        idle.exercise()
        Thread.sleep(forTimeInterval: 1)
        let pages = try Self.touchedPages(pid: idle.daemon.processIdentifier, path: executable)
        let names = try Self.functions(in: executable, on: pages)
        try (names.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        print("\(pages.count) code pages touched (\(pages.count * 4 / 1024) MB); \(names.count) functions -> \(output)")
    }

    /// Writes the file's dirty pages out and asks the kernel to forget its cached ones.
    static func dropFromPageCache(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        fsync(fd)
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
    }

    /// Page numbers (virtual address / 4096, relative to the load address) of
    /// the executable's code that are resident in `pid`.
    static func touchedPages(pid: Int32, path: String) throws -> Set<Int> {
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        let pagemap = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(pid)/pagemap"))
        defer { try? pagemap.close() }
        var base: Int?
        var pages = Set<Int>()
        for line in maps.split(separator: "\n") where line.hasSuffix(path) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let bounds = fields[0].split(separator: "-").compactMap { Int($0, radix: 16) }
            guard bounds.count == 2, let offset = Int(fields[2], radix: 16) else { continue }
            if base == nil { base = bounds[0] - offset }
            guard fields[1].contains("x"), let base else { continue }
            try pagemap.seek(toOffset: UInt64(bounds[0] / 4096 * 8))
            let entries = try pagemap.read(upToCount: (bounds[1] - bounds[0]) / 4096 * 8) ?? Data()
            entries.withUnsafeBytes { raw in
                for index in 0..<(raw.count / 8)
                where raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) >> 63 == 1 {
                    pages.insert((bounds[0] - base) / 4096 + index)
                }
            }
        }
        return pages
    }

    /// Names of the functions (from `nm`) that lie at least partly on `pages`, in address order.
    static func functions(in path: String, on pages: Set<Int>) throws -> [String] {
        let nm = Process()
        nm.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
        nm.arguments = ["-S", "-n", "--defined-only", path]
        let pipe = Pipe()
        nm.standardOutput = pipe
        try nm.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        var seen = Set<Substring>()
        var names: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, "tTwW".contains(fields[2]),
                let address = Int(fields[0], radix: 16), let size = Int(fields[1], radix: 16)
            else { continue }
            let first = address / 4096
            let last = (address + max(size, 1) - 1) / 4096
            if (first...last).contains(where: pages.contains), seen.insert(fields[3]).inserted {
                names.append(String(fields[3]))
            }
        }
        return names
    }
}

/// The read-ahead setting of the disk a file lives on, in `/sys/dev/block`.
struct ReadAhead {
    let path: String

    init?(of file: String) {
        var info = stat()
        guard stat(file, &info) == 0 else { return nil }
        let dev = UInt64(info.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff)
        let minor = (dev & 0xff) | ((dev >> 12) & ~0xff)
        let device = "/sys/dev/block/\(major):\(minor)"
        for candidate in ["\(device)/queue/read_ahead_kb", "\(device)/../queue/read_ahead_kb"]
        where access(candidate, W_OK) == 0 {
            path = candidate
            return
        }
        return nil
    }

    /// Sets the value; returns the one before, or nil when it could not be changed.
    func set(_ value: String) -> String? {
        guard let before = try? String(contentsOfFile: path, encoding: .utf8),
            (try? value.write(toFile: path, atomically: false, encoding: .utf8)) != nil
        else { return nil }
        return before.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
