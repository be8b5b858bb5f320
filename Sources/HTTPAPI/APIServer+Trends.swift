import Foundation
import Hummingbird
import Reports
import Store

extension APIServer {
    @Sendable func course(_ request: Request, context: APIRequestContext) async throws -> CourseJSON {
        let id = try Self.recordID(context)
        guard let detail = try await CourseDetail.load(id, from: store, settings: physics, at: now()) else {
            throw APIError(
                .notFound, "no course for session \(id): no such session, or not a treatment of a known patient")
        }
        return detail.json
    }

    @Sendable func trends(_ request: Request, context: APIRequestContext) async throws -> TrendJSON {
        let parameters = request.uri.queryParameters
        let range: TrendRange
        do {
            range = try TrendRange(
                from: parameters.get("from"), to: parameters.get("to"), zone: store.chargeZone, now: now())
        } catch {
            throw APIError(.badRequest, error.message)
        }
        let console = parameters.get("console").flatMap { $0.isEmpty ? nil : $0 }
        let metrics = try await store.metrics(console: console, from: range.start, to: range.end)
        let trend = Trend(
            metrics, from: range.start, to: range.end, zone: store.chargeZone, halfLifeDays: physics.halfLifeDays)
        return TrendJSON(trend, console: console, range: range)
    }
}

extension CourseJSON: ResponseEncodable {}
extension TrendJSON: ResponseEncodable {}
