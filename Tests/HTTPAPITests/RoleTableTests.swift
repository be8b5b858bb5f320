import ChargeCapture
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import Settings
import Store
import TestSupport
import Testing

/// Every API route against every role, as billing-interfaces.md 1.1 and payers.md give them: no token is 401,
/// a role the route does not name is 403, a named role gets past the gate (its answer is the route's own).
@Suite struct RoleTableTests {
    typealias Role = DaemonConfiguration.Role

    /// A route, a body it accepts, and the roles that may call it (admin holds every role).
    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var roles: Set<Role>
        var description: String { "\(method) \(path)" }
    }

    static let charge = "/api/v1/charges/GK-4711-000123"
    static let routes: [Route] = [
        Route(method: .get, path: "/api/v1/charges", roles: [.billing]),
        Route(method: .get, path: charge, roles: [.billing]),
        Route(method: .post, path: "/api/v1/charges/claim", body: #"{"consumer": "c", "max": 1}"#, roles: [.billing]),
        Route(
            method: .post, path: "/api/v1/charges/ack", body: #"{"lease": "x", "ids": ["GK-4711-000123"]}"#,
            roles: [.billing]),
        Route(
            method: .post, path: "/api/v1/charges/nack", body: #"{"lease": "x", "ids": ["GK-4711-000123"]}"#,
            roles: [.billing]),
        Route(method: .post, path: charge + "/release", body: #"{"reason": "r"}"#, roles: [.billing, .physicist]),
        Route(method: .post, path: charge + "/void", body: #"{"reason": "r"}"#, roles: [.billing, .physicist]),
        Route(method: .get, path: "/api/v1/sessions", roles: [.physicist]),
        Route(method: .get, path: "/api/v1/sessions/GK-4711-000123", roles: [.physicist]),
        Route(
            method: .post, path: "/api/v1/sessions/GK-4711-000123/review", body: #"{"note": "n"}"#, roles: [.physicist]),
        Route(method: .get, path: "/api/v1/courses/GK-4711-000123", roles: [.physicist]),
        Route(method: .get, path: "/api/v1/trends?console=gk1", roles: [.physicist]),
        Route(method: .get, path: "/api/v1/reconciliation?date=2026-11-28", roles: [.billing, .physicist]),
        Route(method: .get, path: "/api/v1/patients/MRN1/coverage", roles: [.billing, .physicist]),
        Route(method: .put, path: "/api/v1/patients/MRN1/coverage", body: #"{"coverages": []}"#, roles: [.billing]),
        Route(
            method: .post, path: "/api/v1/patients/MRN1/authorizations",
            body: #"{"payer": "uhc", "number": "A1", "valid_from": "2026-11-01"}"#, roles: [.billing]),
        Route(
            method: .post, path: "/api/v1/authorizations/AUTH-1/revoke", body: #"{"reason": "r"}"#, roles: [.billing]),
        Route(method: .get, path: "/api/v1/patients/MRN1/diagnoses", roles: [.billing, .physicist]),
        Route(
            method: .put, path: "/api/v1/patients/MRN1/diagnoses", body: #"{"diagnoses": [{"code": "C79.31"}]}"#,
            roles: [.billing]),
        Route(
            method: .post, path: "/api/v1/patients/MRN1/abns", body: #"{"payer": "medicare", "signed": "2026-11-10"}"#,
            roles: [.billing]),
        Route(method: .post, path: "/api/v1/abns/ABN-1/revoke", body: #"{"reason": "r"}"#, roles: [.billing]),
        Route(method: .get, path: "/api/v1/audit", roles: []),
    ]

    @Test func everyRouteAnswersEveryRoleAsTheContractSays() async throws {
        let store = try await storeWithASession()
        let app = Application(
            router: APIServer(store: store, charges: store.chargeSettings, tokens: tokens, consoles: []).router())
        try await app.test(.router) { client in
            for route in Self.routes {
                for caller in [nil] + Role.allCases {
                    var headers = caller.map { bearer("\($0.rawValue)-token") } ?? [:]
                    headers[.contentType] = "application/json"
                    let status = try await client.execute(
                        uri: route.path, method: route.method, headers: headers,
                        body: route.body.map { ByteBuffer(string: $0) }
                    ) { $0.status.code }
                    switch caller {
                    case nil: #expect(status == 401, "\(route) without a token")
                    case let role? where role == .admin || route.roles.contains(role):
                        #expect(status != 401 && status != 403, "\(route) as \(role): \(status)")
                    case let role?: #expect(status == 403, "\(route) as \(role): \(status)")
                    }
                }
            }
        }
    }

    @Test func billingReleasingAnUnsignedPendingReviewChargeGets409NamingTheSessionAndAPhysicistReleasesIt()
        async throws
    {
        var settings = ChargeSettings()
        settings.release = .afterReview
        let store = try temporaryStore(charges: settings)
        try await closeSessions([closedTreatment(1)], in: store)
        let app = Application(
            router: APIServer(store: store, charges: store.chargeSettings, tokens: tokens, consoles: []).router())
        try await app.test(.router) { client in
            func release(_ token: String) async throws -> (Int, String) {
                var headers = bearer(token)
                headers[.contentType] = "application/json"
                return try await client.execute(
                    uri: "/api/v1/charges/GK-4711-000001/release", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"reason": "coded"}"#)
                ) { ($0.status.code, String(buffer: $0.body)) }
            }
            let (refused, text) = try await release("billing-token")
            #expect(refused == 409 && text.contains("session GK-4711-000001 is not signed"), "\(text)")
            #expect(try await store.charge(id: "GK-4711-000001", at: Date())?.status == .pendingReview)
            #expect(try await release("physicist-token").0 == 200)
            #expect(try await store.charge(id: "GK-4711-000001", at: Date())?.status == .ready)
        }
    }
}
