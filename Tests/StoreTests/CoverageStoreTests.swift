import ChargeCapture
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// Charges decided with the example payers.
func payerSettings(release: ChargeSettings.Release = .automatic) -> ChargeSettings {
    var settings = ChargeSettings()
    settings.payers = .example
    settings.release = release
    return settings
}

let uhc = Coverage(
    priority: 1, planID: "UHC-CHOICE", companyID: "87726", companyName: "UNITEDHEALTHCARE", memberID: "W1", source: .adt
)
let medicare = Coverage(priority: 1, planID: "MCARE-A", companyID: "CMS", source: .adt)
let now = Date(timeIntervalSince1970: 1_795_100_000)

func uhcAuthorization(units: Int? = nil, codes: [String]? = nil) -> Authorization {
    Authorization(
        id: "", payerID: "uhc", number: "A123", validFrom: "2026-11-01", validTo: "2027-01-31", codes: codes,
        units: units, source: .api)
}

/// Coverage, authorizations and the ADT feed, the same cases against SQLite and PostgreSQL.
@Suite struct CoverageStoreTests {
    @Test(arguments: StoreBackend.allCases) func aUHCChargeWaitsForItsAuthorizationAndGoesOutTheMomentItArrives(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: payerSettings()) { store, database in
            try await store.applyADT(
                .coverage(controlID: "M1", patient: "MRN1", coverages: [uhc], authorizations: []), raw: "MSH|…",
                peer: "127.0.0.1",
                at: now)
            let created = try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
            #expect(created.first?.status == .held && created.first?.holdReasons == [.authorizationMissing])
            let added = try await store.addAuthorization(
                uhcAuthorization(), forPatient: "MRN1", by: "billing-anna", at: now)
            #expect(!added.id.isEmpty && added.source == .api)
            let charge = try #require(try await store.charge(id: "GK-4711-000001", at: now))
            #expect(charge.status == .ready && charge.holdReasons.isEmpty)
            #expect(charge.coverage?.payer == "uhc" && charge.coverage?.authorization?.number == "A123")
            let last = try #require(try await store.history(ofCharge: charge.id).last)
            #expect(last.action == "redecided" && last.reason?.contains("billing-anna") == true)
            #expect(try await store.charges(ChargeQuery(status: .ready), at: now).map(\.id) == ["GK-4711-000001"])
        }
    }

    @Test(arguments: StoreBackend.allCases) func anA08ReplacesTheFeedsCoverageAndKeepsWhatPeopleEntered(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: payerSettings()) { store, database in
            try await store.replaceCoverage(
                ofPatient: "MRN1", with: [Coverage(priority: 2, payerID: "aetna", planID: "AET", source: .api)],
                by: "anna",
                at: now)
            try await store.applyADT(
                .coverage(controlID: "M1", patient: "MRN1", coverages: [uhc], authorizations: []), raw: "a", peer: "p",
                at: now)
            try await store.applyADT(
                .coverage(controlID: "M2", patient: "MRN1", coverages: [medicare], authorizations: []), raw: "b",
                peer: "p",
                at: now)
            let on = try await store.coverage(ofPatient: "MRN1")
            #expect(on.coverages.map(\.planID) == ["AET", "MCARE-A"])
            let created = try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
            #expect(created.first?.status == .ready && created.first?.coverage?.payer == "medicare")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aResentControlIdIsNotAppliedTwice(_ backend: StoreBackend) async throws
    {
        try await backend.withEmptyStore(charges: payerSettings()) { store, database in
            let change = CoverageChange.coverage(controlID: "M1", patient: "MRN1", coverages: [uhc], authorizations: [])
            #expect(try await store.applyADT(change, raw: "a", peer: "p", at: now))
            try await store.applyADT(
                .coverage(controlID: "M2", patient: "MRN1", coverages: [medicare], authorizations: []), raw: "b",
                peer: "p",
                at: now)
            #expect(try await store.applyADT(change, raw: "a", peer: "p", at: now) == false)
            #expect(try await store.coverage(ofPatient: "MRN1").coverages.map(\.planID) == ["MCARE-A"])
            let count = "SELECT count(*) FROM adt_messages"
            #expect(try database.execute(sqlite: count, postgres: count) == "2")
            let delete = "DELETE FROM adt_messages"
            #expect(try database.execute(sqlite: delete, postgres: delete).contains("kept as received"))
        }
    }

    @Test(arguments: StoreBackend.allCases) func afterAnA40MergeASessionUnderEitherIdFindsTheCoverage(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: payerSettings()) { store, database in
            try await store.applyADT(
                .coverage(controlID: "M1", patient: "OLD1", coverages: [medicare], authorizations: []), raw: "a",
                peer: "p",
                at: now)
            try await store.applyADT(
                .merge(controlID: "M2", old: "OLD1", patient: "NEW1"), raw: "b", peer: "p", at: now)
            let created = try await closeSessions(
                [
                    closedTreatment(1, patient: "NEW1"),
                    closedTreatment(2, patient: "OLD1", opened: Date(timeIntervalSince1970: 1_795_090_000)),
                ],
                in: store)
            #expect(created.map(\.status) == [.ready, .ready], "\(created.map(\.holdReasons))")
        }
    }

    @Test(arguments: StoreBackend.allCases) func anAuthorizationOfOneUnitCoversOneChargeAndAVoidGivesItBack(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: payerSettings()) { store, database in
            try await store.applyADT(
                .coverage(controlID: "M1", patient: "MRN1", coverages: [uhc], authorizations: []), raw: "a", peer: "p",
                at: now)
            _ = try await store.addAuthorization(
                uhcAuthorization(units: 1, codes: ["77373"]), forPatient: "MRN1", by: "anna", at: now)
            func fraction(_ number: UInt32, day: Double) -> DeliverySession {
                var session = closedTreatment(
                    number, patient: "MRN1", opened: Date(timeIntervalSince1970: 1_795_000_000 + day * 86_400))
                session.fractionsPlanned = 3
                session.fraction = Int(number)
                return session
            }
            let first = try await closeSessions([fraction(1, day: 0)], in: store)
            let second = try await closeSessions([fraction(2, day: 1)], in: store)
            #expect(first.first?.status == .ready && second.first?.holdReasons == [.authorizationMissing])
            _ = try await store.void(id: "GK-4711-000001", by: "anna", reason: "wrong patient", at: now)
            let third = try await closeSessions([fraction(3, day: 2)], in: store)
            #expect(third.first?.status == .ready, "the voided charge gave its unit back")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aChargeHeldInterfaceRejectedKeepsItsUnitSoASecondTreatmentIsHeld(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: payerSettings()) { store, _ in
            try await store.applyADT(
                .coverage(controlID: "M1", patient: "MRN1", coverages: [uhc], authorizations: []), raw: "a", peer: "p",
                at: now)
            _ = try await store.addAuthorization(uhcAuthorization(units: 1), forPatient: "MRN1", by: "anna", at: now)
            func treatment(_ number: UInt32, day: Double) -> DeliverySession {
                closedTreatment(
                    number, patient: "MRN1", opened: Date(timeIntervalSince1970: 1_795_000_000 + day * 86_400))
            }
            let first = try await closeSessions([treatment(1, day: 0)], in: store)
            #expect(first.first?.status == .ready)
            for _ in 0..<3 {
                _ = try await store.hl7Rejected(
                    charge: "GK-4711-000001", error: "AE: no IN1-3", maxAttempts: 3, at: now)
            }
            let rejected = try await store.charge(id: "GK-4711-000001", at: now)
            #expect(rejected?.holdReasons == [.interfaceRejected])
            // New coverage for the patient re-decides held charges: the rejected one is left as it went out.
            try await store.replaceCoverage(
                ofPatient: "MRN1", with: [Coverage(priority: 1, payerID: "uhc", planID: "UHC-CHOICE", source: .api)],
                by: "anna", at: now)
            #expect(try await store.charge(id: "GK-4711-000001", at: now)?.holdReasons == [.interfaceRejected])
            let second = try await closeSessions([treatment(2, day: 1)], in: store)
            #expect(second.first?.holdReasons == [.authorizationMissing], "the rejected charge still holds the unit")
            let withCompany = try await store.charge(id: "GK-4711-000002", at: now)
            #expect(withCompany?.coverage?.all.allSatisfy { $0.companyID != nil } == true, "IN1-3 is never empty")
        }
    }

    @Test(arguments: StoreBackend.allCases) func revokingAnAuthorizationLeavesCoveredChargesAloneAndHoldsTheNext(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: payerSettings()) { store, database in
            try await store.applyADT(
                .coverage(controlID: "M1", patient: "MRN1", coverages: [uhc], authorizations: []), raw: "a", peer: "p",
                at: now)
            let authorization = try await store.addAuthorization(
                uhcAuthorization(), forPatient: "MRN1", by: "anna", at: now)
            let covered = try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
            try await store.revokeAuthorization(id: authorization.id, reason: "entered in error", by: "anna", at: now)
            await #expect(throws: ChargeError.self) {
                try await store.revokeAuthorization(id: authorization.id, reason: "again", by: "anna", at: now)
            }
            let next = try await closeSessions(
                [closedTreatment(2, patient: "MRN1", opened: Date(timeIntervalSince1970: 1_795_090_000))], in: store)
            #expect(covered.first?.status == .ready && next.first?.holdReasons == [.authorizationMissing])
            #expect(try await store.charge(id: "GK-4711-000001", at: now)?.status == .ready)
        }
    }
}
