import Console
import ConsoleRecords
import ConsoleSimulator
import DeliveryLog
import Foundation
import Logging

/// The driver's whole poll step under the fuzzer: a simulated console (two sessions, an interruption, a
/// fault, a calibration change, a journal of 16 slots so overruns happen) whose register answers the input
/// overwrites word by word, read by the real ``CCG1Driver`` twice and rebuilt by the real ``DeliveryLog``.
/// Any register values must give records or a refused read, never a trap, and the reader's promises hold:
/// no event is taken twice, none is taken past the cursor, a cursor never goes back within a boot.
enum PollStepTarget {
    static let scenario = """
        speed: 0
        first_session: 4294967290
        console: {journal_capacity: 16}
        timeline:
          - at: 0
            session:
              patient: {id: "MRN1", family: "ROE", given: "RICHARD"}
              plan: "PLAN"
              fractions_planned: 3
              shots:
                - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 100}
                - sectors: [8, 8, 8, 8, 8, 8, 8, 8]
                  planned_s: 100
                  during:
                    - {after_s: 20, interrupt: door_opened, pause_s: 10}
          - {at: 400, calibration: {reference_dose_rate: 3600}}
          - at: 500
            session:
              patient: {id: "MRN2", family: "DOE", given: "JANE"}
              plan: "PLAN"
              shots:
                - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 100}
                - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 100}
        """

    /// The console after each step of its scenario (and at its start), made once: a run picks two, so a million
    /// runs replay no scenario.
    static let console: (models: [ConsoleModel], profile: DeviceProfile)? = {
        guard let profile = FuzzTarget.profile, let scenario = try? Scenario(yaml: scenario, source: "fuzz"),
            let steps = try? ScenarioCompiler.compile(scenario, profile: profile),
            var model = try? ConsoleModel(scenario: scenario, profile: profile)
        else { return nil }
        var models = [model]
        for step in steps {
            model.apply(step)
            models.append(model)
        }
        return (models, profile)
    }()

    /// Bytes 0 and 1: how far the scenario plays before each poll (steps); then 4 bytes an edit (read, register,
    /// value).
    static func run(_ bytes: [UInt8]) {
        guard let console else { preconditionFailure("the poll-step scenario does not load") }
        guard bytes.count >= 2 else { return }
        var edits: [RegisterImage.Edit] = []
        var index = 2
        while index + 3 < bytes.count {
            edits.append(
                .init(
                    read: Int(bytes[index]) % 48, register: Int(bytes[index + 1]),
                    value: UInt16(bytes[index + 2]) << 8 | UInt16(bytes[index + 3])))
            index += 4
        }
        let models = console.models
        let first = Int(bytes[0]) % models.count
        let second = min(models.count - 1, first + Int(bytes[1]) % models.count)
        let image = RegisterImage(model: models[first], edits: edits)
        let driver = CCG1Driver(
            name: "fuzz", profile: console.profile, client: image,
            logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
        let done = DispatchSemaphore(value: 0)
        Task {
            defer { done.signal() }
            var log = DeliveryLog(console: ConsoleRef(serial: "", model: "", name: "fuzz"))
            guard let first = try? await driver.poll(from: nil) else { return }
            check(first, after: nil)
            _ = log.apply(first.records, consoleClock: first.status.clock, now: first.status.clock)
            await image.play(to: models[second])
            guard let second = try? await driver.poll(from: first.cursor) else { return }
            check(second, after: first.cursor)
            _ = log.apply(second.records, consoleClock: second.status.clock, now: Date(timeIntervalSince1970: 0))
        }
        done.wait()
    }

    /// The reader's promises for one poll from `cursor`.
    static func check(_ poll: ConsolePoll, after cursor: JournalCursor?) {
        var last: [UInt32: UInt32] = [:]
        if let cursor { last[cursor.bootID] = cursor.lastSeq }
        if let cursor, cursor.bootID == poll.cursor.bootID {
            precondition(poll.cursor.lastSeq >= cursor.lastSeq, "the cursor went back within a boot")
        }
        for record in poll.records {
            guard case .event(let event) = record else { continue }
            if let previous = last[event.bootID] {
                precondition(event.seq > previous, "event \(event.seq) taken again or out of order")
            }
            last[event.bootID] = event.seq
            if event.bootID == poll.cursor.bootID {
                precondition(event.seq <= poll.cursor.lastSeq, "an event taken past the cursor")
            }
        }
    }
}
