import Foundation
import TestSupport
import Testing

/// Every fuzz target's committed seed corpus and every crash the fuzzer ever found (Tests/Fuzz), replayed
/// through the targets as built for the daemon, without the fuzzer: a crash once found stays a test.
@Suite struct FuzzCorpusTests {
    @Test(arguments: ["slot", "poll", "hl7", "mllp", "config", "http"])
    func theCorpusAndEveryKeptCrashRunThroughTheTarget(target: String) throws {
        let fuzz = Harness.repositoryRoot.appendingPathComponent("Tests/Fuzz")
        let corpus = fuzz.appendingPathComponent("corpus/\(target)").path
        let regressions = fuzz.appendingPathComponent("regressions/\(target)").path
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { !$0.hasPrefix(".") }
        #expect(inputs.count >= 4, "a seed corpus for \(target)")
        setenv("GAMMALOG_DEVICES", Harness.repositoryRoot.appendingPathComponent("Devices").path, 1)
        let run = try DaemonProcess.run([target, corpus, regressions], executable: "gammalog-fuzz")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("\(target): "), "\(run.output)")
    }
}
