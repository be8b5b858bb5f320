import Console
import ConsoleRecords
import ConsoleSimulator
import Foundation
import TestSupport
import Testing

@Suite struct ScenarioCompilerTests {
    func compile(_ yaml: String) throws -> [ScriptStep] {
        try ScenarioCompiler.compile(try Scenario(yaml: yaml, source: "test"), profile: try Harness.profile())
    }

    func kinds(_ steps: [ScriptStep]) -> [EventKind] {
        steps.compactMap { if case .event(let event) = $0.action { event.kind } else { nil } }
    }

    @Test func aPlainSessionOpensShootsAndCompletes() throws {
        let steps = try compile(
            """
            timeline:
              - at: 10
                session:
                  plan: P
                  setup_s: 100
                  shots:
                    - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 60}
                    - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 30}
            """)
        #expect(
            kinds(steps) == [
                .sessionOpened, .shotStarted, .shotCompleted, .shotStarted, .shotCompleted, .sessionCompleted,
            ])
        #expect(steps.map(\.offset) == [10, 110, 170, 185, 215, 216])
    }

    @Test func interruptionsAndFaultsPauseAndResumeTheShot() throws {
        let steps = try compile(
            """
            timeline:
              - at: 0
                session:
                  plan: P
                  setup_s: 0
                  shots:
                    - sectors: [4, 4, 4, 4, 4, 4, 4, 4]
                      planned_s: 100
                      during:
                        - {after_s: 40, fault: 1207, pause_s: 50}
                        - {after_s: 10, interrupt: patient_motion, pause_s: 5}
            """)
        #expect(
            kinds(steps) == [
                .sessionOpened, .shotStarted, .interrupted, .resumed, .interrupted, .fault, .faultCleared, .resumed,
                .shotCompleted, .sessionCompleted,
            ])
        let delivered = steps.compactMap {
            if case .event(let e) = $0.action, e.kind == .interrupted { e.deliveredMs } else { nil }
        }
        #expect(delivered == [10_000, 40_000])
    }

    @Test func anEarlyEndAfterAShotClosesTheSession() throws {
        let steps = try compile(
            """
            timeline:
              - at: 0
                session:
                  plan: P
                  end_after_shot: 1
                  end_reason: operator
                  shots:
                    - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 10}
                    - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 10}
            """)
        #expect(kinds(steps).suffix(2) == [.shotCompleted, .sessionEndedEarly])
    }

    @Test(arguments: [
        ("kind: surgery", "kind"),
        ("immobilization: helmet", "immobilization"),
        ("end_reason: tired\n      end_after_shot: 1", "end_reason"),
    ])
    func aBadScenarioValueIsNamed(line: String, key: String) throws {
        let yaml = """
            timeline:
              - at: 0
                session:
                  plan: P
                  \(line)
                  shots:
                    - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 10}
                    - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 10}
            """
        #expect {
            _ = try compile(yaml)
        } throws: { error in
            (error as? SimulatorError)?.location.contains(key) == true
        }
    }

    @Test func aShotWithTheWrongSectorCountIsRefused() throws {
        #expect(throws: SimulatorError.self) {
            _ = try compile(
                """
                timeline:
                  - {at: 0, session: {plan: P, shots: [{sectors: [4, 4], planned_s: 10}]}}
                """)
        }
    }

    @Test func overlappingSessionsAreRefused() throws {
        #expect {
            _ = try compile(
                """
                timeline:
                  - {at: 0, session: {plan: A, setup_s: 10, shots: [{sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 100}]}}
                  - {at: 50, session: {plan: B, shots: [{sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 10}]}}
                """)
        } throws: { error in
            (error as? SimulatorError)?.location == "timeline[1].at"
        }
    }

    @Test func timesMayBeWrittenAsHoursAndMinutes() throws {
        let steps = try compile("timeline:\n  - {at: \"1:30\", gateway: {restart: true}}")
        #expect(steps.first?.offset == 5400)
    }

    @Test(arguments: [
        // (scenario start, today, zone, moved start): the wall-clock time in the zone is kept, across DST too.
        ("2026-11-28T13:30:00Z", "2026-12-03T05:00:00Z", "America/Chicago", "2026-12-02T13:30:00Z"),
        ("2026-11-28T13:30:00Z", "2026-12-03T07:00:00Z", "America/Chicago", "2026-12-03T13:30:00Z"),
        ("2026-11-28T13:30:00Z", "2027-07-01T12:00:00Z", "America/Chicago", "2027-07-01T12:30:00Z"),
        ("2026-11-28T13:30:00Z", "2026-12-03T23:00:00Z", "UTC", "2026-12-03T13:30:00Z"),
    ])
    func aScenarioMovedToTodayKeepsItsWallClockTimeInTheFacilitysZone(
        start: String, today: String, zone: String, moved: String
    ) throws {
        var scenario = try Scenario(yaml: "timeline: []", source: "test")
        scenario.start = start
        let now = try #require(ISO8601DateFormatter().date(from: today))
        let played = try scenario.playing(onDayOf: now, in: try #require(TimeZone(identifier: zone)))
        #expect(played.start == moved)
    }

    @Test func everyShippedScenarioCompiles() throws {
        let directory = Harness.repositoryRoot.appendingPathComponent("Devices/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.contains("demo.yaml"))
        for file in files {
            let steps = try compile(try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
            #expect(!steps.isEmpty, "\(file)")
        }
    }
}

@Suite struct ConsoleModelTests {
    func model(_ yaml: String = "timeline: []") throws -> ConsoleModel {
        try ConsoleModel(scenario: try Scenario(yaml: yaml, source: "test"), profile: try Harness.profile())
    }

    @Test func everyFunctionCodeButReadInputRegistersIsIllegal() throws {
        var model = try model()
        for function: UInt8 in [0x01, 0x02, 0x03, 0x05, 0x06, 0x0F, 0x10, 0x17, 0x2B] {
            #expect(model.answer(function: function, address: 0, count: 1, heartbeat: 0) == .exception(0x01))
        }
    }

    @Test func readsOutsideOrAcrossBlocksAreIllegalAddresses() throws {
        var model = try model()
        #expect(model.answer(function: 4, address: 40, count: 1, heartbeat: 0) == .exception(0x02))
        #expect(model.answer(function: 4, address: 30, count: 20, heartbeat: 0) == .exception(0x02))
        #expect(model.answer(function: 4, address: 2535, count: 2, heartbeat: 0) == .exception(0x02))
        #expect(model.answer(function: 4, address: 2535, count: 1, heartbeat: 0) == .registers([0]))
        #expect(model.answer(function: 4, address: 1000, count: 126, heartbeat: 0) == .exception(0x03))
    }

    @Test func theStatusBlockCarriesHeartbeatHeadAndBootId() throws {
        var model = try model()
        guard case .registers(let status) = model.answer(function: 4, address: 100, count: 20, heartbeat: 77) else {
            Issue.record("no registers")
            return
        }
        #expect(status[0] == 77)
        #expect(status[1] == 1)  // idle
        #expect(UInt32(status[12]) << 16 | UInt32(status[13]) == model.bootID)
    }

    @Test func aRestartEmptiesTheJournalAndChangesTheBootId() throws {
        let yaml = "timeline:\n  - {at: 0, fault: {code: 3, duration_s: 1}}"
        var model = try model(yaml)
        let steps = try ScenarioCompiler.compile(
            try Scenario(yaml: yaml, source: "test"), profile: try Harness.profile())
        model.apply(steps[0])
        let before = model.bootID
        #expect(model.head == 1)
        model.restart()
        #expect(model.bootID != before && model.head == 0)
        #expect(
            model.answer(function: 4, address: 1000, count: 24, heartbeat: 0)
                == .registers(Array(repeating: 0, count: 24)))
    }
}
