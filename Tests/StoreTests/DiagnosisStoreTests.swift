import ChargeCapture
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// Charges decided with the example payers and diagnoses required (diagnoses.md).
func necessitySettings() -> ChargeSettings {
    var settings = payerSettings()
    settings.payers?.diagnosisRequired = true
    return settings
}

/// Diagnoses and ABNs (diagnoses.md): the same cases against SQLite and PostgreSQL.
@Suite struct DiagnosisStoreTests {
    static func dg1(_ code: String, priority: Int? = nil, order: Int = 1) -> Diagnosis {
        Diagnosis(code: code, system: "I10", priority: priority, source: .adt, order: order)
    }

    static func medicareMessage(_ id: String, _ patient: String, diagnoses: [Diagnosis]?) -> CoverageChange {
        .coverage(controlID: id, patient: patient, coverages: [medicare], authorizations: [], diagnoses: diagnoses)
    }

    @Test(arguments: StoreBackend.allCases)
    func anUncoveredMedicareChargeIsHeldUntilAnABNReleasesItWithGAAndARevokedABNChangesNoReadyCharge(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: necessitySettings()) { store, _ in
            try await store.applyADT(
                Self.medicareMessage("M1", "MRN1", diagnoses: [Self.dg1("G40.909")]), raw: "MSH", peer: "p", at: now)
            let created = try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
            #expect(created.first?.holdReasons == [.medicalNecessity], "\(String(describing: created.first))")
            #expect(created.first?.medicalNecessity == MedicalNecessity(policy: "LCD L35076 (example)"))
            let abn = ABN(id: "ABN-1", payerID: "medicare", signed: "2026-11-01", validTo: "2027-10-31")
            _ = try await store.addABN(abn, forPatient: "MRN1", by: "coder-carla", at: now)
            let charge = try #require(try await store.charge(id: "GK-4711-000001", at: now))
            #expect(charge.status == .ready && charge.modifiers == ["GA"])
            #expect(charge.medicalNecessity?.abn?.id == "ABN-1")
            #expect(
                try await store.history(ofCharge: charge.id).last?.reason == "medical_necessity lifted by coder-carla")
            await #expect(throws: ChargeError.self) {
                _ = try await store.addABN(abn, forPatient: "MRN1", by: "coder-carla", at: now)
            }
            try await store.revokeABN(id: "ABN-1", reason: "signed late", by: "coder-carla", at: now)
            #expect(try await store.charge(id: charge.id, at: now)?.status == .ready, "a ready charge stays as it is")
            await #expect(throws: ChargeError.self) {
                try await store.revokeABN(id: "ABN-1", reason: "again", by: "coder-carla", at: now)
            }
            await #expect(throws: ChargeError.self) {
                try await store.revokeABN(id: "ABN-404", reason: "no such", by: "coder-carla", at: now)
            }
            #expect(try await store.coverage(ofPatient: "MRN1").abns.first?.revokedReason == "signed late")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anA08ReplacesTheFeedsDiagnosesOneWithoutDG1LeavesThemAndACodersEntriesStay(_ backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore(charges: necessitySettings()) { store, _ in
            try await store.applyADT(
                Self.medicareMessage("M1", "MRN1", diagnoses: [Self.dg1("C71.9"), Self.dg1("G50.0", order: 2)]),
                raw: "a", peer: "p", at: now)
            try await store.replaceDiagnoses(
                ofPatient: "MRN1", with: [Diagnosis(code: "D32.0", priority: 1, source: .api)], by: "coder-carla",
                at: now)
            try await store.applyADT(
                Self.medicareMessage("M2", "MRN1", diagnoses: [Self.dg1("C79.31")]), raw: "b", peer: "p", at: now)
            try await store.applyADT(Self.medicareMessage("M3", "MRN1", diagnoses: nil), raw: "c", peer: "p", at: now)
            let on = try await store.coverage(ofPatient: "MRN1")
            #expect(Diagnosis.claimOrder(on.diagnoses).map(\.code) == ["D32.0", "C79.31"])
            #expect(Diagnosis.claimOrder(on.diagnoses).map(\.source) == [.api, .adt])
            try await store.replaceDiagnoses(ofPatient: "MRN1", with: [], by: "coder-carla", at: now)
            #expect(try await store.coverage(ofPatient: "MRN1").diagnoses.map(\.code) == ["C79.31"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aChargeWithNoDiagnosisIsHeldUntilAnA08BringsOneAndAMergeCarriesDiagnosesToTheSurvivingId(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore(charges: necessitySettings()) { store, _ in
            try await store.applyADT(Self.medicareMessage("M1", "MRN1", diagnoses: nil), raw: "a", peer: "p", at: now)
            let created = try await closeSessions(
                [closedTreatment(1, patient: "MRN1"), closedTreatment(2, patient: "NEW1")], in: store)
            #expect(created.map(\.holdReasons) == [[.diagnosisMissing], [.coverageUnknown, .diagnosisMissing]])
            try await store.applyADT(
                Self.medicareMessage("M2", "MRN1", diagnoses: [Self.dg1("C79.31")]), raw: "b", peer: "p", at: now)
            let first = try #require(try await store.charge(id: "GK-4711-000001", at: now))
            #expect(first.status == .ready && first.diagnoses.map(\.code) == ["C79.31"])
            #expect(first.medicalNecessity?.coveredBy == "C79.31")
            // MRN1 merged into NEW1: the survivor's held charge sees the merged id's coverage and diagnoses.
            try await store.applyADT(
                .merge(controlID: "M3", old: "MRN1", patient: "NEW1"), raw: "c", peer: "p", at: now)
            let second = try #require(try await store.charge(id: "GK-4711-000002", at: now))
            #expect(second.status == .ready && second.diagnoses.map(\.code) == ["C79.31"], "\(second.holdReasons)")
            #expect(try await store.coverage(ofPatient: "NEW1").diagnoses.map(\.code) == ["C79.31"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aCoderReleasesAMedicalNecessityHoldWithGZAndItGoesOutSo(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore(charges: necessitySettings()) { store, _ in
            try await store.applyADT(
                Self.medicareMessage("M1", "MRN1", diagnoses: [Self.dg1("G40.909")]), raw: "MSH", peer: "p", at: now)
            _ = try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
            let released = try await store.release(
                id: "GK-4711-000001", by: "coder-carla", signsRecords: false,
                reason: "no ABN on file: the hospital bears it", modifiers: ["GZ"], code: nil, at: now)
            #expect(released.status == .ready && released.modifiers.contains("GZ"), "\(released)")
            #expect(try await store.history(ofCharge: released.id).last?.actor == "coder-carla")
        }
    }
}
