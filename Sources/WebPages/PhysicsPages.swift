import ChargeCapture
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Settings
import Store

/// The physicists' output pages: the dose-rate trend against Co-60 decay (and its CSV), and the monthly report.
struct PhysicsPages: Sendable {
    let store: any GammaLogStore
    let renderer: PageRenderer
    /// The consoles offered on the trend page.
    let consoles: [String]
    let physics: PhysicsSettings
    /// The facility's zone, in which days and months are counted.
    let zone: TimeZone
    let now: @Sendable () -> Date

    /// The pages, on a group only physicists (and admins) reach.
    func addRoutes(to pages: RouterGroup<PageRequestContext>) {
        pages.get("trends", use: trends)
        pages.get("trends.csv", use: trendsCSV)
        pages.get("reports/monthly", use: monthly)
    }

    /// The console, range and trend a trend request asks for; 400 naming the parameter when it cannot be read.
    func trend(_ request: Request) async throws -> (console: String, range: TrendRange, trend: Trend) {
        let parameters = request.uri.queryParameters
        let console = parameters.get("console").flatMap { $0.isEmpty ? nil : $0 } ?? consoles.first ?? "gk1"
        do {
            let (range, trend) = try await Trend.load(
                console: console, from: parameters.get("from"), to: parameters.get("to"), store: store, zone: zone,
                halfLifeDays: physics.halfLifeDays, at: now())
            return (console, range, trend)
        } catch let error as TrendRangeError {
            throw HTTPError(.badRequest, message: error.message)
        }
    }

    @Sendable func trends(_ request: Request, context: PageRequestContext) async throws -> Response {
        let (console, range, trend) = try await trend(request)
        let query = PageResponse.query([
            "console": console, "from": Formats.day(range.start, in: zone),
            "to": Formats.day(range.end.addingTimeInterval(-1), in: zone),
        ])
        let offered = consoles.contains(console) ? consoles : [console] + consoles
        return PageResponse.html(
            renderer.trends(
                trend, console: console, consoles: offered, from: range.start, to: range.end, query: query,
                viewer: context.viewer))
    }

    @Sendable func trendsCSV(_ request: Request, context: PageRequestContext) async throws -> Response {
        let (console, range, trend) = try await trend(request)
        let monthly = request.uri.queryParameters.get("series") == "monthly"
        let name = "trends-\(console)-\(Formats.day(range.start, in: zone))\(monthly ? "-monthly" : "").csv"
        return PageResponse.download(
            monthly ? trend.monthlyCSV : trend.csv, type: "text/csv; charset=utf-8", name: name)
    }

    @Sendable func monthly(_ request: Request, context: PageRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let console = parameters.get("console").flatMap { $0.isEmpty ? nil : $0 } ?? consoles.first ?? "gk1"
        let month = parameters.get("month").flatMap { $0.isEmpty ? nil : $0 } ?? Trend.month(of: now(), in: zone)
        guard
            let report = try await MonthlyReport.load(
                console: console, month: month, from: store, zone: zone, physics: physics, at: now())
        else { throw HTTPError(.badRequest, message: "month: '\(month)' is not a month YYYY-MM") }
        context.access.read(month, patients: [])
        let offered = consoles.contains(console) ? consoles : [console] + consoles
        return PageResponse.html(renderer.monthly(report, consoles: offered, viewer: context.viewer, at: now()))
    }
}
