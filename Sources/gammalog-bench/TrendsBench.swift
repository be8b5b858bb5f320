import ArgumentParser
import DeliveryLog
import Foundation
import Reports
import SQLiteStore
import Store
import TestSupport

/// The trend page over ten years of a busy centre (the history benchmark's 30,000 sessions): the store's
/// metrics query, the trend, and the rendered page with its four plots, as the page's route does them.
struct TrendsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends", abstract: "The trend page and the monthly report over 30,000 sessions.")

    @Option(help: "The store to generate (shared with the history benchmark, kept for reruns).")
    var path = "/tmp/gammalog-history/gammalog.sqlite"

    @Option(help: "Sessions to generate.")
    var sessions = 30_000

    @Option(help: "Runs; the median is reported.")
    var runs = 21

    func run() async throws {
        let store = try SQLiteStore(path: path)
        try await HistoryBench.fill(store, sessions: sessions)
        let zone = store.chargeSettings.timeZone
        let renderer = try PageRenderer(zone: zone)
        let viewer = PageRenderer.Viewer(name: "bench", role: "physicist", csrf: "x")
        let range = try TrendRange(from: "2016-01-01", to: "2026-12-31", zone: zone, now: Date())
        var query: [Double] = []
        var trends: [Double] = []
        var whole: [Double] = []
        var csv: [Double] = []
        var monthly: [Double] = []
        var points = 0
        var bytes = 0
        for _ in 0..<runs {
            let started = ContinuousClock.now
            let metrics = try await store.metrics(console: "gk1", from: range.start, to: range.end)
            query.append((ContinuousClock.now - started).seconds * 1000)
            let trendStarted = ContinuousClock.now
            let trend = Trend(metrics, from: range.start, to: range.end, zone: zone)
            trends.append((ContinuousClock.now - trendStarted).seconds * 1000)
            let page = renderer.trends(
                trend, console: "gk1", consoles: ["gk1"], from: range.start, to: range.end, query: "console=gk1",
                viewer: viewer)
            whole.append((ContinuousClock.now - started).seconds * 1000)
            points = trend.dose.count
            bytes = page.utf8.count
            let csvStarted = ContinuousClock.now
            _ =
                Trend(
                    try await store.metrics(console: "gk1", from: range.start, to: range.end), from: range.start,
                    to: range.end, zone: zone
                ).csv
            csv.append((ContinuousClock.now - csvStarted).seconds * 1000)
            let monthStarted = ContinuousClock.now
            if let report = try await MonthlyReport.load(
                console: "gk1", month: "2021-06", from: store, zone: zone, physics: PhysicsSettings(), at: Date())
            {
                _ = renderer.monthly(report, consoles: ["gk1"], viewer: viewer, at: Date())
            }
            monthly.append((ContinuousClock.now - monthStarted).seconds * 1000)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        print("trend page over \(points) sessions (ten years), median of \(runs) runs, in process")
        print(String(format: "    metrics query                 %.1f ms", median(query)))
        print(String(format: "    the trend alone               %.1f ms", median(trends)))
        print(
            String(
                format: "    query + trend + page          %.1f ms   (goal <= 200 ms; page %d KB)", median(whole),
                bytes / 1024))
        print(String(format: "    query + trend + CSV           %.1f ms", median(csv)))
        print(String(format: "    monthly report (one month)    %.1f ms", median(monthly)))
        let (port, cookie, server) = try await PagesBench.serve(store, consoles: ["gk1"])
        defer { server.cancel() }
        let course = try Shell.sqlite3(
            path, "SELECT id FROM sessions WHERE kind = 'treatment' ORDER BY opened_at DESC LIMIT 1")
        print("over real HTTP, signed in, one connection per request, median and worst of \(runs)")
        for (label, page, goal) in [
            ("trend page, ten years", "/ui/trends?console=gk1&from=2016-01-01&to=2026-12-31", 200.0),
            ("trend page, one year", "/ui/trends?console=gk1&from=2025-01-01&to=2025-12-31", 200.0),
            ("trends.csv, ten years", "/ui/trends.csv?console=gk1&from=2016-01-01&to=2026-12-31", 0),
            ("monthly report", "/ui/reports/monthly?console=gk1&month=2021-06", 200.0),
            ("course page", "/ui/courses/\(course)", 200.0),
        ] {
            var times: [Double] = []
            var status = 0
            var size = 0
            for _ in 0..<runs {
                let started = ContinuousClock.now
                let response = try HTTPProbe.request(port: port, "GET", page, cookie: cookie)
                times.append((ContinuousClock.now - started).seconds * 1000)
                status = response.status
                size = response.body.count
            }
            times.sort()
            let verdict =
                goal == 0 ? "" : (times[times.count / 2] <= goal ? "  goal <= 200 ms: met" : "  goal: NOT met")
            print(
                String(
                    format: "    %@ median %6.1f ms   worst %6.1f ms   (HTTP %d, %d KB)%@",
                    label.padding(toLength: 22, withPad: " ", startingAt: 0), times[times.count / 2], times.last ?? 0,
                    status, size / 1024, verdict))
        }
    }
}
