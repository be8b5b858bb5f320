import ChargeCapture
import Foundation
import HTTPAPI
import SQLiteStore
import Store
import TestSupport
import Testing

@Suite struct CoverageAPITests {
    func store() async throws -> SQLiteStore {
        var settings = ChargeSettings()
        settings.payers = .example
        let store = try temporaryStore(charges: settings)
        try await store.applyADT(
            .coverage(
                controlID: "M1", patient: "MRN1",
                coverages: [Coverage(priority: 1, planID: "UHC-CHOICE", companyID: "87726", source: .adt)],
                authorizations: []), raw: "MSH", peer: "127.0.0.1", at: Date())
        try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
        return store
    }

    @Test func billingEntersAnAuthorizationAndTheHeldChargeGoesOutCarryingIt() async throws {
        let store = try await store()
        try await withLiveAPI(store) { port in
            let held = try await call(port, "GET", "/api/v1/charges/GK-4711-000001")
            #expect(held.object?["hold_reasons"] as? [String] == ["authorization_missing"])
            let created = try await call(
                port, "POST", "/api/v1/patients/MRN1/authorizations",
                json:
                    #"{"payer": "uhc", "number": "A123", "valid_from": "2026-11-01", "valid_to": "2027-01-31", "codes": ["77371"], "units": 1}"#
            )
            #expect(created.status == 201 && (created.object?["id"] as? String)?.isEmpty == false, "\(created.text)")
            let ready = try await call(port, "GET", "/api/v1/charges?status=ready")
            let charges = try #require(ready.object?["charges"] as? [[String: Any]])
            let coverage = try #require(charges.first?["coverage"] as? [String: Any])
            #expect(coverage["payer"] as? String == "uhc" && coverage["payer_name"] as? String == "UnitedHealthcare")
            #expect((coverage["authorization"] as? [String: Any])?["number"] as? String == "A123")
            let on = try await call(port, "GET", "/api/v1/patients/MRN1/coverage", token: "physicist-token")
            #expect((on.object?["authorizations"] as? [[String: Any]])?.first?["valid_to"] as? String == "2027-01-31")
            #expect((on.object?["coverages"] as? [[String: Any]])?.first?["plan_id"] as? String == "UHC-CHOICE")
        }
        let history = try await store.history(ofCharge: "GK-4711-000001")
        #expect(history.last?.reason?.contains("by billing") == true, "the history names the caller")
    }

    @Test func peopleReplaceTheirOwnCoverageEntriesAndTheFeedsStay() async throws {
        let store = try await store()
        try await withLiveAPI(store) { port in
            let put = try await call(
                port, "PUT", "/api/v1/patients/MRN1/coverage",
                json:
                    #"{"coverages": [{"priority": 1, "payer": "medicare", "plan_id": "MCARE-B", "member_id": "1EG4", "effective": "2026-01-01", "expires": null}]}"#
            )
            #expect(put.status == 200, "\(put.text)")
            #expect(
                (put.object?["coverages"] as? [[String: Any]])?.compactMap { $0["plan_id"] as? String } == [
                    "UHC-CHOICE", "MCARE-B",
                ])
        }
        // People's entry outranks the feed's at the same priority: Medicare is primary, so the charge goes out.
        #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.status == .ready)
    }

    @Test(arguments: [
        (
            "POST", "/api/v1/patients/MRN1/authorizations",
            #"{"number": "A1", "valid_from": "2026-11-01", "valid_to": "2026-12-01"}"#, 400, "payer"
        ),
        (
            "POST", "/api/v1/patients/MRN1/authorizations",
            #"{"payer": "acme", "number": "A1", "valid_from": "2026-11-01", "valid_to": "2026-12-01"}"#, 400, "payer"
        ),
        (
            "POST", "/api/v1/patients/MRN1/authorizations",
            #"{"payer": "uhc", "number": "A1", "valid_from": "2026-02-30", "valid_to": "2026-12-01"}"#, 400,
            "valid_from"
        ),
        (
            "POST", "/api/v1/patients/MRN1/authorizations",
            #"{"payer": "uhc", "number": "A1", "valid_from": "2026-12-01", "valid_to": "2026-11-01"}"#, 400, "valid_to"
        ),
        (
            "POST", "/api/v1/patients/MRN1/authorizations",
            #"{"payer": "uhc", "number": "A1", "valid_from": "2026-11-01", "valid_to": "2026-12-01", "units": 0}"#, 400,
            "units"
        ),
        (
            "POST", "/api/v1/patients/MRN1/authorizations",
            #"{"payer": "uhc", "number": "A1", "valid_from": "2026-11-01", "valid_to": "2026-12-01", "codes": ["7737"]}"#,
            400, "codes[0]"
        ),
        (
            "PUT", "/api/v1/patients/MRN1/coverage", #"{"coverages": [{"priority": 0, "payer": "uhc"}]}"#, 400,
            "coverages[0].priority"
        ),
        ("PUT", "/api/v1/patients/MRN1/coverage", #"{"coverages": [{"priority": 1}]}"#, 400, "coverages[0].payer"),
        (
            "PUT", "/api/v1/patients/MRN1/coverage",
            #"{"coverages": [{"priority": 1, "payer": "uhc", "effective": "soon"}]}"#, 400, "coverages[0].effective"
        ),
        ("POST", "/api/v1/authorizations/NOPE/revoke", #"{"reason": "x"}"#, 404, "no such authorization"),
        ("POST", "/api/v1/authorizations/NOPE/revoke", #"{}"#, 400, "reason"),
    ])
    func aBadBodyIsRefusedNamingTheFieldAndChangesNothing(
        method: String, path: String, body: String, status: Int, names: String
    ) async throws {
        let store = try await store()
        try await withLiveAPI(store) { port in
            let response = try await call(port, method, path, json: body)
            #expect(
                response.status == status && (response.object?["error"] as? String)?.contains(names) == true,
                "\(response.text)")
        }
        #expect(try await store.coverage(ofPatient: "MRN1").authorizations.isEmpty)
        #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.status == .held)
    }

    @Test func aPhysicistMayReadCoverageButNotChangeIt() async throws {
        let store = try await store()
        try await withLiveAPI(store) { port in
            #expect(
                try await call(port, "GET", "/api/v1/patients/MRN1/coverage", token: "physicist-token").status == 200)
            let post = try await call(
                port, "POST", "/api/v1/patients/MRN1/authorizations", token: "physicist-token",
                json: #"{"payer": "uhc", "number": "A1", "valid_from": "2026-11-01", "valid_to": "2026-12-01"}"#)
            #expect(post.status == 403)
            #expect(try await call(port, "GET", "/api/v1/patients/MRN1/coverage", token: nil).status == 401)
        }
    }

    @Test func revokingTwiceIsAConflict() async throws {
        let store = try await store()
        let added = try await store.addAuthorization(
            Authorization(
                id: "", payerID: "uhc", number: "A1", validFrom: "2026-11-01", validTo: "2026-12-01", source: .api),
            forPatient: "MRN1", by: "anna", at: Date())
        try await withLiveAPI(store) { port in
            let first = try await call(
                port, "POST", "/api/v1/authorizations/\(added.id)/revoke", json: #"{"reason": "entered in error"}"#)
            #expect(first.status == 204)
            let again = try await call(
                port, "POST", "/api/v1/authorizations/\(added.id)/revoke", json: #"{"reason": "again"}"#)
            #expect(again.status == 409)
        }
    }
}
