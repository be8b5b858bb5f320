import Foundation
import Hummingbird
import Reports
import Store

extension APIServer {
    @Sendable func course(_ request: Request, context: APIRequestContext) async throws -> CourseJSON {
        let id = try RouteValues.recordID(context.parameters)
        guard let detail = try await CourseDetail.load(id, from: store, settings: physics, at: now()) else {
            throw APIError(
                .notFound, "no course for session \(id): no such session, or not a treatment of a known patient")
        }
        context.access.read(id, patients: [detail.course.patient])
        return detail.json
    }

    @Sendable func trends(_ request: Request, context: APIRequestContext) async throws -> TrendJSON {
        let parameters = request.uri.queryParameters
        let console = parameters.get("console").flatMap { $0.isEmpty ? nil : $0 }
        let (range, trend): (TrendRange, Trend)
        do {
            (range, trend) = try await Trend.load(
                console: console, from: parameters.get("from"), to: parameters.get("to"), store: store,
                zone: charges.timeZone, halfLifeDays: physics.halfLifeDays, at: now())
        } catch let error as TrendRangeError {
            throw APIError(.badRequest, error.message)
        }
        return TrendJSON(trend, console: console, range: range)
    }
}

extension CourseJSON: ResponseEncodable {}
extension TrendJSON: ResponseEncodable {}
