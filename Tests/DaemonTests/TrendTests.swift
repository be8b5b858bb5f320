import ConsoleRecords
import DeliveryLog
import Foundation
import Logging
import Reports
import SQLiteStore
import Settings
import Store
import TestSupport
import Testing

@testable import Daemon

/// Trends across months, from sessions the simulator plays and the poller records.
@Suite struct TrendTests {
    static let start = Date(timeIntervalSince1970: 1_767_621_600)  // 2026-01-05 14:00 UTC
    static let calibrated = Date(timeIntervalSince1970: 1_748_768_400)  // 2025-06-01 09:00 UTC
    static let exchangeDay = 120.0
    static let halfLife = 1925.28

    /// The dose rate the test expects on `day` after the start: Co-60 decay from the calibration in force.
    static func expected(at date: Date) -> Double {
        let exchange = start.addingTimeInterval(exchangeDay * 86_400)
        let (reference, from) = date < exchange ? (3450.0, calibrated) : (3600.0, exchange)
        return reference * pow(0.5, date.timeIntervalSince(from) / 86_400 / halfLife)
    }

    /// Seventeen QA sessions a fortnight apart, the unit reading 0.1 % low more each session (a drift), a source
    /// exchange on day 120, a door interruption in February and March, and a fault in April.
    static func scenario() -> (yaml: String, rates: [Int]) {
        var timeline: [String] = []
        var rates: [Int] = []
        for index in 0..<17 {
            let day = Double(index) * 14 + 1
            if index == 9 {
                timeline.append(
                    "  - {at: \(Int(exchangeDay * 86_400)), calibration: {reference_dose_rate: 3600}}")
            }
            let opened = start.addingTimeInterval(day * 86_400)
            let rate = Int((expected(at: opened) * (1 - 0.001 * Double(index))).rounded())
            rates.append(rate)
            var during = ""
            if index == 3 || index == 6 { during = ", during: [{after_s: 20, interrupt: door_opened, pause_s: 30}]" }
            if index == 8 { during = ", during: [{after_s: 20, fault: 1207, pause_s: 60}]" }
            timeline.append(
                """
                  - at: \(Int(day * 86_400))
                    session:
                      plan: "DAILY QA"
                      kind: qa
                      operator: "PHYS1"
                      dose_rate: \(rate)
                      setup_s: 30
                      shots:
                        - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 60, gamma: 90\(during)}
                """)
        }
        let yaml = """
            name: months
            start: "2026-01-05T14:00:00Z"
            speed: 0
            first_session: 100
            console:
              serial: "4711"
              reference_dose_rate: 3450
              calibrated_at: "2025-06-01T09:00:00Z"
            timeline:
            \(timeline.joined(separator: "\n"))
            """
        return (yaml, rates)
    }

    @Test func doseRatePointsFollowTheDecayCurveWithTheDriftAndTheSourceExchangeIsAStep() async throws {
        let (yaml, rates) = Self.scenario()
        let harness = try Harness(scenario: yaml)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-trend-\(UUID())")
        let store = try SQLiteStore(path: directory.appendingPathComponent("g.sqlite").path)
        let poller = ConsolePoller(
            settings: DaemonConfiguration.ConsoleSettings(name: "gk1", address: harness.address),
            profile: try Harness.profile(), store: store, physics: PhysicsSettings(), logger: Logger(label: "test"))
        var state: ReaderState? = nil
        while !harness.simulator.isFinished {
            harness.simulator.step(3)
            state = await poller.pollOnce(after: state)
        }
        for _ in 0..<3 { state = await poller.pollOnce(after: state) }

        let zone = try #require(TimeZone(identifier: "America/Chicago"))
        let range = try TrendRange(from: "2026-01-01", to: "2026-09-30", zone: zone, now: Date())
        let metrics = try await store.metrics(console: "gk1", from: range.start, to: range.end)
        #expect(metrics.count == 17)
        let trend = Trend(metrics, from: range.start, to: range.end, zone: zone)
        #expect(trend.dose.map { Int($0.measured) } == rates, "the session dose rates the console reported")
        for point in trend.dose {
            #expect(abs(point.expected - Self.expected(at: point.at)) < 0.01, "\(point.session) at \(point.at)")
        }
        #expect(trend.calibrations.map(\.referenceDoseRate) == [3450, 3600])
        let step = trend.dose[9].expected - trend.dose[8].expected
        #expect(step > 300, "the new source is a step up of \(step) mGy/min")

        // The CSV carries the same numbers, computed again here from the half-life.
        let rows = trend.csv.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(rows.count == 17)
        for (row, rate) in zip(rows, rates) {
            let opened = try #require(ISO8601DateFormatter().date(from: String(row[1])))
            let expected = Self.expected(at: opened)
            #expect(row[2] == "\(rate).00")
            #expect(row[3] == Substring(String(format: "%.2f", expected)), "\(row)")
            #expect(row[4] == Substring(String(format: "%.3f", (Double(rate) - expected) / expected * 100)), "\(row)")
        }
        let drift = trend.dose.map(\.deviationPercent)
        #expect(abs(drift[16] - (-1.6)) < 0.05, "0.1 % more each session: \(drift)")

        // Months: January to September, door interruptions in February and March, the fault in April.
        #expect(trend.months.map(\.month).first == "2026-01" && trend.months.map(\.month).last == "2026-09")
        #expect(trend.months.map { $0.interruptions["door_opened"] ?? 0 } == [0, 1, 1, 0, 0, 0, 0, 0, 0])
        #expect(trend.months.map(\.faults) == [0, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(trend.months.map(\.qa).reduce(0, +) == 17 && trend.qa.count == 17)
        #expect(trend.monthlyCSV.hasPrefix("month,sessions,treatments,qa,faults,early_ends,interruptions_door_opened,"))
        #expect(trend.monthlyCSV.contains("\r\n2026-02,2,0,2,0,0,1,0\r\n"), "\(trend.monthlyCSV)")
        #expect(trend.monthlyCSV.contains("\r\n2026-04,2,0,2,1,0,0,1\r\n"), "the fault interrupts its shot")

        // The page draws it: one point per session, one expected curve per calibration, a table beneath.
        let page = try PageRenderer(zone: zone).trends(
            trend, console: "gk1", consoles: ["gk1"], from: range.start, to: range.end, query: "console=gk1",
            viewer: .init(name: "phys", role: "physicist", csrf: "x"))
        #expect(page.components(separatedBy: "<circle").count - 1 == 17 + 17, "dose points and worst shots")
        #expect(page.components(separatedBy: "stroke-dasharray=\"6 4\"").count - 1 == 2 + 1, "two curves and the key")
        #expect(page.contains(">\(rates[0])</td>") && page.contains("Co-60 half-life, 1925.28 days"))
    }
}
