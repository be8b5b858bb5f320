import ChargeCapture
import Daemon
import Foundation
import Hummingbird
import Store

extension APIServer {
    func listCharges(_ request: Request) async throws -> Response {
        _ = try authority.authorize(request, [.billing])
        let parameters = request.uri.queryParameters
        var query = ChargeQuery()
        if let status = parameters.get("status") {
            guard let value = Charge.Status(rawValue: status) else {
                let allowed = Charge.Status.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError(.badRequest, "status: '\(status)' is not one of \(allowed)")
            }
            query.status = value
        }
        if let since = parameters.get("since") { query.since = try Self.time(since, "since") }
        query.limit = try Self.limit(parameters.get("limit"))
        let list = try await storeCall { try await store.charges(query, at: Date()) }
        return Self.json(try Self.chargeEncoder.encode(["charges": list.map(\.publicView)]))
    }

    func getCharge(_ request: Request, id: String) async throws -> Response {
        _ = try authority.authorize(request, [.billing])
        try Self.checkID(id)
        guard let charge = try await storeCall({ try await store.charge(id: id) }) else {
            throw APIError(.notFound, "no charge \(id)")
        }
        let history = try await storeCall { try await store.history(ofCharge: id) }
        var body = try Self.chargeEncoder.encode(charge.publicView)
        body.removeLast()
        body.append(contentsOf: Data(",\"history\":".utf8))
        body.append(try Self.chargeEncoder.encode(history.map(HistoryJSON.init)))
        body.append(contentsOf: Data("}".utf8))
        return Self.json(body)
    }

    func claim(_ request: Request) async throws -> Response {
        _ = try authority.authorize(request, [.billing])
        let body = try await JSONBody(request)
        let consumer = try body.string("consumer", maxLength: 100) ?? ""
        guard !consumer.isEmpty else { throw APIError(.badRequest, "consumer: must not be empty") }
        let max = try body.int("max", in: 1...1000, fallback: 100)
        let seconds = try body.int("lease_seconds", in: 1...86_400, fallback: 300)
        let claim = try await storeCall {
            try await store.claim(consumer: consumer, max: max, leaseSeconds: seconds, at: Date())
        }
        return Self.json(
            try Self.chargeEncoder.encode(
                ClaimJSON(lease: claim.lease, expiresAt: claim.expiresAt, charges: claim.charges.map(\.publicView))))
    }

    func ack(_ request: Request) async throws -> Response {
        _ = try authority.authorize(request, [.billing])
        let body = try await JSONBody(request)
        let lease = try body.string("lease", maxLength: 200) ?? ""
        let ids = try body.strings("ids", required: true)
        guard !ids.isEmpty else { throw APIError(.badRequest, "ids: must not be empty") }
        try await storeCall { try await store.ack(lease: lease, ids: ids, at: Date()) }
        return Self.json(try Self.chargeEncoder.encode(["acked": ids]))
    }

    func nack(_ request: Request) async throws -> Response {
        _ = try authority.authorize(request, [.billing])
        let body = try await JSONBody(request)
        let lease = try body.string("lease", maxLength: 200) ?? ""
        let ids = try body.strings("ids", required: true)
        guard !ids.isEmpty else { throw APIError(.badRequest, "ids: must not be empty") }
        let reason = try body.string("reason", required: false) ?? ""
        try await storeCall { try await store.nack(lease: lease, ids: ids, reason: reason, at: Date()) }
        return Self.json(try Self.chargeEncoder.encode(["nacked": ids]))
    }

    func release(_ request: Request, id: String) async throws -> Response {
        // charge-rules.md: a physicist or a billing person releases holds.
        let token = try authority.authorize(request, [.physicist, .billing])
        try Self.checkID(id)
        let body = try await JSONBody(request)
        let reason = try body.string("reason") ?? ""
        let modifiers = try body.strings("modifiers", required: false, maxCount: 10)
        let code = try body.string("code", required: false, maxLength: 10)
        let charge = try await storeCall {
            try await store.release(
                id: id, by: token.name, reason: reason, modifiers: modifiers, code: code, at: Date())
        }
        return Self.json(try Self.chargeEncoder.encode(charge.publicView))
    }

    func void(_ request: Request, id: String) async throws -> Response {
        let token = try authority.authorize(request, [.physicist, .billing])
        try Self.checkID(id)
        let body = try await JSONBody(request)
        let reason = try body.string("reason") ?? ""
        let (charge, credit) = try await storeCall {
            try await store.void(id: id, by: token.name, reason: reason, at: Date())
        }
        return Self.json(try Self.chargeEncoder.encode(VoidJSON(charge: charge.publicView, credit: credit?.publicView)))
    }

    func reconciliation(_ request: Request) async throws -> Response {
        _ = try authority.authorize(request, [.billing, .physicist])
        guard let date = request.uri.queryParameters.get("date") else {
            throw APIError(.badRequest, "date: required, YYYY-MM-DD")
        }
        let report = try await storeCall { try await store.reconcile(date: date, at: Date()) }
        return Self.json(try Self.chargeEncoder.encode(report))
    }

    /// Runs a store call, turning refusals (``ChargeError``) into 400/404/409 and store failures into 503.
    func storeCall<Value>(_ body: () async throws -> Value) async throws(APIError) -> Value {
        do {
            return try await body()
        } catch let error as ChargeError {
            switch error.code {
            case .invalid: throw APIError(.badRequest, error.description)
            case .notFound: throw APIError(.notFound, error.description)
            default: throw APIError(.conflict, error.description)
            }
        } catch {
            throw APIError(.serviceUnavailable, "the store is unavailable")
        }
    }

    static var chargeEncoder: JSONEncoder { Charge.encoder() }
}
