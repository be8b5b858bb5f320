import ChargeCapture
import Foundation
import Hummingbird
import Store

extension APIServer {
    @Sendable func listCharges(_ request: Request, context: APIRequestContext) async throws -> ChargeList {
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
        if let text = parameters.get("cursor") {
            guard let cursor = ChargeCursor(text) else {
                throw APIError(.badRequest, "cursor: not one this daemon made")
            }
            query.after = cursor.position
        }
        // One more than asked tells whether more match.
        let limit = try Self.limit(parameters.get("limit"))
        query.limit = limit + 1
        var charges = try await store.charges(query, at: now())
        let more = charges.count > limit
        if more { charges.removeLast() }
        context.access.read(nil, patients: charges.map(\.patient.id))
        let next = more ? charges.last.map { ChargeCursor(position: ChargePosition(of: $0)).text } : nil
        return ChargeList(charges: charges.map(\.publicView), next: next)
    }

    @Sendable func charge(_ request: Request, context: APIRequestContext) async throws -> ChargeDocument {
        let id = try RouteValues.recordID(context.parameters)
        guard let charge = try await store.charge(id: id, at: now()) else {
            throw APIError(.notFound, "no charge \(id)")
        }
        context.access.read(id, patients: [charge.patient.id])
        return ChargeDocument(charge: charge.publicView, history: try await store.history(ofCharge: id))
    }

    @Sendable func claim(_ request: Request, context: APIRequestContext) async throws -> ClaimJSON {
        let body = try await request.decode(as: ClaimRequest.self, context: context)
        let claim = try await store.claim(
            consumer: body.consumer, by: try context.caller().name, max: body.max?.value ?? 100,
            leaseSeconds: body.leaseSeconds?.value ?? 300, at: now())
        if !claim.charges.isEmpty { context.access.read(claim.lease, patients: claim.charges.map(\.patient.id)) }
        return ClaimJSON(lease: claim.lease, expiresAt: claim.expiresAt, charges: claim.charges.map(\.publicView))
    }

    @Sendable func ack(_ request: Request, context: APIRequestContext) async throws -> LeaseAnswer {
        let body = try await request.decode(as: LeaseRequest.self, context: context)
        try await store.ack(lease: body.lease, ids: body.ids, by: try context.caller().name, at: now())
        return LeaseAnswer(ids: body.ids, key: "acked")
    }

    @Sendable func nack(_ request: Request, context: APIRequestContext) async throws -> LeaseAnswer {
        let body = try await request.decode(as: LeaseRequest.self, context: context)
        try await store.nack(
            lease: body.lease, ids: body.ids, reason: body.reason ?? "", by: try context.caller().name, at: now())
        return LeaseAnswer(ids: body.ids, key: "nacked")
    }

    @Sendable func release(_ request: Request, context: APIRequestContext) async throws -> Charge {
        let id = try RouteValues.recordID(context.parameters)
        let body = try await request.decode(as: ReleaseRequest.self, context: context)
        let caller = try context.caller()
        let released = try await store.release(
            id: id, by: caller.name, signsRecords: caller.signsRecords, reason: body.reason,
            modifiers: body.modifiers ?? [], code: body.code, at: now())
        context.access.read(id, patients: [released.patient.id])
        return released.publicView
    }

    @Sendable func void(_ request: Request, context: APIRequestContext) async throws -> VoidJSON {
        let id = try RouteValues.recordID(context.parameters)
        let body = try await request.decode(as: VoidRequest.self, context: context)
        let (charge, credit) = try await store.void(
            id: id, by: try context.caller().name, reason: body.reason, at: now())
        context.access.read(id, patients: [charge.patient.id])
        return VoidJSON(charge: charge.publicView, credit: credit?.publicView)
    }

    @Sendable func reconciliation(_ request: Request, context: APIRequestContext) async throws -> Reconciliation {
        guard let date = request.uri.queryParameters.get("date") else {
            throw APIError(.badRequest, "date: required, YYYY-MM-DD")
        }
        let reconciliation = try await store.reconcile(date: date, settings: charges, at: now())
        context.access.read(date, patients: [])
        return reconciliation
    }
}
