import ChargeCapture
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Settings
import Store
import TestSupport
import Testing

/// Runs `body` with the API over `store` listening on a loopback port.
func withLiveAPI(_ store: SQLiteStore, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let app = Application(
        router: APIServer(store: store, charges: store.chargeSettings, tokens: tokens, consoles: []).router())
    try await app.test(.live) { client in
        let port = try #require(client.port)
        try await body(port)
    }
}

/// A request as a billing system sends it, over its own connection.
func call(
    _ port: Int, _ method: String, _ path: String, token: String? = "billing-token", json: String? = nil
) async throws -> HTTPProbe.Response {
    try await HTTPProbe.send(port: port, method, path, token: token, json: json)
}

@Suite struct ChargeAPITests {
    @Test func everyBadRequestGetsItsStatusAndAJSONErrorNamingTheProblem() async throws {
        let store = try await storeWithCharges(ready: 2, held: 1)
        try await withLiveAPI(store) { port in
            let cases: [(String, String, String?, String?, Int, String)] = [
                ("GET", "/api/v1/charges", nil, nil, 401, "Bearer"),
                ("GET", "/api/v1/charges", "nobody", nil, 401, "unknown token"),
                ("GET", "/api/v1/charges", "physicist-token", nil, 403, "billing"),
                ("GET", "/api/v1/charges?status=lost", "billing-token", nil, 400, "status"),
                ("GET", "/api/v1/charges?limit=5000", "billing-token", nil, 400, "limit"),
                ("GET", "/api/v1/charges?since=yesterday", "billing-token", nil, 400, "since"),
                ("GET", "/api/v1/charges/GK-4711-000999", "billing-token", nil, 404, "GK-4711-000999"),
                ("GET", "/api/v1/charges/%3Cscript%3E", "billing-token", nil, 400, "id"),
                ("POST", "/api/v1/charges/claim", "billing-token", "{not json", 400, "JSON"),
                ("POST", "/api/v1/charges/claim", "billing-token", "[1]", 400, "object"),
                ("POST", "/api/v1/charges/claim", "billing-token", #"{"max": 2}"#, 400, "consumer"),
                ("POST", "/api/v1/charges/claim", "billing-token", #"{"consumer": "a", "max": 0}"#, 400, "max"),
                ("POST", "/api/v1/charges/claim", "billing-token", #"{"consumer": "a", "max": true}"#, 400, "max"),
                ("POST", "/api/v1/charges/claim", "billing-token", #"{"consumer": "a", "max": 2.5}"#, 400, "max"),
                ("POST", "/api/v1/charges/ack", "billing-token", #"{"lease": "x", "ids": "GK"}"#, 400, "ids"),
                ("POST", "/api/v1/charges/ack", "billing-token", #"{"lease": "x", "ids": []}"#, 400, "ids"),
                (
                    "POST", "/api/v1/charges/ack", "billing-token", #"{"lease": "x", "ids": ["GK-4711-000001"]}"#, 409,
                    "lease"
                ),
                (
                    "POST", "/api/v1/charges/ack", "billing-token", #"{"lease": "x", "ids": ["GK-4711-000404"]}"#, 404,
                    "no such charge"
                ),
                (
                    "POST", "/api/v1/charges/GK-4711-000003/release", "billing-token", #"{"modifiers": ["52"]}"#, 400,
                    "reason"
                ),
                (
                    "POST", "/api/v1/charges/GK-4711-000001/release", "physicist-token", #"{"reason": "ok"}"#, 409,
                    "held"
                ),
                (
                    "POST", "/api/v1/charges/GK-4711-000003/release", "physicist-token",
                    #"{"reason": "ok", "modifiers": ["5"]}"#, 400, "modifiers"
                ),
                ("POST", "/api/v1/charges/GK-4711-000404/void", "physicist-token", #"{"reason": "x"}"#, 404, "no such"),
                ("GET", "/api/v1/reconciliation", "billing-token", nil, 400, "date"),
                ("GET", "/api/v1/reconciliation?date=2026-02-30", "billing-token", nil, 400, "date"),
            ]
            for (method, path, token, json, status, mention) in cases {
                let response = try await call(port, method, path, token: token, json: json)
                #expect(response.status == status, "\(method) \(path) \(json ?? "")")
                let error = response.object?["error"] as? String ?? ""
                #expect(error.contains(mention), "\(method) \(path): '\(error)' should mention \(mention)")
            }
            let huge = "{\"consumer\": \"" + String(repeating: "a", count: 70_000) + "\"}"
            #expect(try await call(port, "POST", "/api/v1/charges/claim", json: huge).status == 413)
        }
        #expect(try await store.charges(ChargeQuery(status: .ready), at: Date()).count == 2, "nothing changed")
    }

    @Test func aBillingSystemListsClaimsAcksAndNacksInTheContractsShape() async throws {
        let store = try await storeWithCharges(ready: 3)
        try await withLiveAPI(store) { port in
            let list = try await call(port, "GET", "/api/v1/charges?status=ready&limit=2")
            let charges = try #require(list.object?["charges"] as? [[String: Any]])
            #expect(list.status == 200 && charges.map { $0["id"] as? String } == ["GK-4711-000001", "GK-4711-000002"])
            let first = try #require(charges.first)
            #expect(
                first["code"] as? String == "77371" && first["units"] as? Int == 1
                    && first["kind"] as? String == "charge")
            #expect(first["revenue_code"] as? String == "0333" && first["credit_of"] is NSNull)
            #expect((first["session"] as? [String: Any])?["number"] as? Int == 1)

            let claim = try await call(
                port, "POST", "/api/v1/charges/claim", json: #"{"consumer": "pb", "max": 2, "lease_seconds": 60}"#)
            let lease = try #require(claim.object?["lease"] as? String)
            let claimed = try #require(claim.object?["charges"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(claimed == ["GK-4711-000001", "GK-4711-000002"] && claim.object?["expires_at"] is String)
            #expect(
                !claim.text.contains(lease.suffix(8)) || claim.text.components(separatedBy: lease).count == 2,
                "the lease token appears once, never inside the charges")

            let ack = try await call(
                port, "POST", "/api/v1/charges/ack", json: #"{"lease": "\#(lease)", "ids": ["GK-4711-000001"]}"#)
            #expect(ack.status == 200)
            let again = try await call(
                port, "POST", "/api/v1/charges/ack", json: #"{"lease": "\#(lease)", "ids": ["GK-4711-000001"]}"#)
            #expect(again.status == 200, "acking an exported id again under the same lease is a no-op")
            let nack = try await call(
                port, "POST", "/api/v1/charges/nack",
                json: #"{"lease": "\#(lease)", "ids": ["GK-4711-000002"], "reason": "payer unknown"}"#)
            #expect(nack.status == 200)
            let two = try await call(port, "GET", "/api/v1/charges/GK-4711-000002")
            #expect(two.object?["status"] as? String == "ready" && two.object?["attempts"] as? Int == 1)
            #expect(
                (two.object?["history"] as? [[String: Any]])?.map { $0["action"] as? String } == [
                    "created", "claimed", "nacked",
                ])
            let exported = try await call(port, "GET", "/api/v1/charges?status=exported")
            #expect((exported.object?["charges"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func aPhysicistReleasesAHeldChargeAndVoidsOneAfterExportIntoACredit() async throws {
        let store = try await storeWithCharges(ready: 1, held: 1)
        try await withLiveAPI(store) { port in
            let release = try await call(
                port, "POST", "/api/v1/charges/GK-4711-000002/release", token: "physicist-token",
                json: #"{"reason": "delivered half, reviewed", "modifiers": ["52"]}"#)
            #expect(release.status == 200 && release.object?["status"] as? String == "ready")
            #expect(release.object?["modifiers"] as? [String] == ["52"])
            let claim = try await call(port, "POST", "/api/v1/charges/claim", json: #"{"consumer": "pb", "max": 5}"#)
            let lease = try #require(claim.object?["lease"] as? String)
            _ = try await call(
                port, "POST", "/api/v1/charges/ack",
                json: #"{"lease": "\#(lease)", "ids": ["GK-4711-000001", "GK-4711-000002"]}"#)
            let void = try await call(
                port, "POST", "/api/v1/charges/GK-4711-000001/void", token: "physicist-token",
                json: #"{"reason": "wrong patient selected at the console"}"#)
            #expect(void.status == 200)
            let credit = try #require(void.object?["credit"] as? [String: Any])
            #expect(credit["kind"] as? String == "credit" && credit["credit_of"] as? String == "GK-4711-000001")
            let ready = try await call(port, "GET", "/api/v1/charges?status=ready")
            #expect(
                (ready.object?["charges"] as? [[String: Any]])?.map { $0["id"] as? String } == ["GK-4711-000001-CD"])
        }
    }

    @Test func fourConsumersClaimingAndAckingAtOnceExportEveryChargeExactlyOnce() async throws {
        let total = 200
        let store = try await storeWithCharges(ready: total)
        try await withLiveAPI(store) { port in
            let acked = try await withThrowingTaskGroup(of: [String].self) { group in
                for consumer in 0..<4 {
                    group.addTask {
                        try await BillingConsumer(
                            port: port, token: "billing-token", name: "c\(consumer)", batch: 7, leaseSeconds: 120
                        ).drain()
                    }
                }
                var all: [[String]] = []
                for try await ids in group { all.append(ids) }
                return all
            }
            let flat = acked.flatMap { $0 }
            #expect(flat.count == total && Set(flat).count == total, "each charge acked by exactly one consumer")
            #expect(acked.filter { !$0.isEmpty }.count > 1, "the consumers really ran side by side")
        }
        #expect(try await store.charges(ChargeQuery(status: .exported, limit: 1000), at: Date()).count == total)
        let histories = try await store.history(ofCharge: "GK-4711-000100").map(\.action)
        #expect(histories == ["created", "claimed", "acked"])
    }

    @Test func reconciliationIsServedToBillingAsJSON() async throws {
        let store = try await storeWithCharges(ready: 2)
        try await withLiveAPI(store) { port in
            let response = try await call(port, "GET", "/api/v1/reconciliation?date=2026-11-18")
            #expect(response.status == 200 && response.object?["missing"] as? Int == 0)
            let sessions = try #require(response.object?["sessions"] as? [[String: Any]])
            #expect(sessions.map { $0["charge_status"] as? String } == ["ready", "ready"])
        }
    }

    @Test func pagingWithTheCursorGivesEveryChargeOfOneAckOnceAndRefusesACursorItDidNotMake() async throws {
        let store = try await storeWithCharges(ready: 150)
        let claim = try await store.claim(consumer: "pb", by: "billing", max: 150, leaseSeconds: 60, at: Date())
        try await store.ack(lease: claim.lease, ids: claim.charges.map(\.id), by: "billing", at: Date())
        try await withLiveAPI(store) { port in
            var ids: [String] = []
            var path = "/api/v1/charges?status=exported&limit=40"
            for _ in 0..<10 {
                let page = try await call(port, "GET", path)
                #expect(page.status == 200)
                ids += (page.object?["charges"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                guard let next = page.object?["next"] as? String else { break }
                path = "/api/v1/charges?status=exported&limit=40&cursor=\(next)"
            }
            #expect(ids.count == 150 && Set(ids).count == 150)
            let first = try await call(port, "GET", "/api/v1/charges?status=exported&limit=40")
            let next = try #require(first.object?["next"] as? String)
            #expect(try await call(port, "GET", "/api/v1/charges?status=exported&cursor=\(next)").status == 200)
            #expect(try await call(port, "GET", "/api/v1/charges?cursor=c1.x.GK-1").status == 400)
            #expect(try await call(port, "GET", "/api/v1/charges?cursor=anything").status == 400)
        }
    }
}
