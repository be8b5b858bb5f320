import Foundation

#if FUZZING
    /// The fuzz target, named by `GAMMALOG_FUZZ_TARGET`.
    nonisolated(unsafe) private var target: FuzzTarget? = FuzzTarget(
        rawValue: ProcessInfo.processInfo.environment["GAMMALOG_FUZZ_TARGET"] ?? "")

    /// One input (libFuzzer's own `main` calls it, or ours through the driver).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let target else { preconditionFailure("GAMMALOG_FUZZ_TARGET must be one of \(FuzzTarget.allCases)") }
        target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// libFuzzer's driver (scripts/fuzz.sh builds with `-sanitize=fuzzer`); called from `main`, because
    /// SwiftPM gives every executable its own entry.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// `GAMMALOG_FUZZ_TARGET=hl7 gammalog-fuzz [libFuzzer options] CORPUS...`.
    @main
    struct GammalogFuzz {
        static func main() {
            let name = ProcessInfo.processInfo.environment["GAMMALOG_FUZZ_TARGET"] ?? ""
            guard let named = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    Data("GAMMALOG_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))\n".utf8))
                exit(2)
            }
            target = named
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
        }
    }
#else
    /// `gammalog-fuzz TARGET PATH...`: every file under the paths through the target, as the fuzzer would run
    /// it; the tests replay the committed corpus and every crash ever found this way.
    @main
    struct GammalogFuzz {
        static func main() throws {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    Data(
                        "usage: gammalog-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) PATH...\n"
                            .utf8))
                exit(2)
            }
            var count = 0
            for path in arguments.dropFirst() {
                for file in files(under: path) {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    target.run(Array(data))
                    count += 1
                }
            }
            print("\(name): \(count) inputs, no crash")
        }

        static func files(under path: String) -> [String] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
            guard isDirectory.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.sorted().filter { !$0.hasPrefix(".") }.flatMap { files(under: "\(path)/\($0)") }
        }
    }
#endif
