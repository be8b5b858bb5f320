import ChargeCapture
import Foundation

/// Patients' insurance coverage and prior authorizations (payers.md), from
/// the ADT feed and from billing staff, with their history; every change
/// re-decides the patient's held charges in the same transaction.
public protocol CoverageStore: Sendable {
    /// The coverage and authorizations on file for `patient` (or the id it was merged into).
    func coverage(ofPatient patient: String) async throws -> PatientCoverage

    /// Stores an ADT message `raw` from `peer` and, unless its control id was already applied,
    /// applies `change`, all in one transaction. Returns whether it was applied now.
    @discardableResult
    func applyADT(_ change: CoverageChange, raw: String, peer: String, at now: Date) async throws -> Bool

    /// Keeps a message that was refused (`code` AE/AR) for audit; applies nothing.
    func recordRefusedADT(raw: String, peer: String, controlID: String, code: String, reason: String, at now: Date)
        async throws

    /// Replaces the coverage entered by people for `patient`.
    func replaceCoverage(ofPatient patient: String, with entries: [Coverage], by actor: String, at now: Date)
        async throws

    /// Adds an authorization for `patient`; returns it with its id.
    func addAuthorization(_ authorization: Authorization, forPatient patient: String, by actor: String, at now: Date)
        async throws -> Authorization

    /// Revokes authorization `id`.
    func revokeAuthorization(id: String, reason: String, by actor: String, at now: Date) async throws

    /// Clears the text of the ADT messages received before `date` (their receipt, control id and outcome stay);
    /// returns how many were cleared.
    func forgetRawADTMessages(receivedBefore date: Date) async throws -> Int

    /// Replaces the diagnoses people entered for `patient` with `entries` (diagnoses.md); the feed's stay. The
    /// patient's held charges are decided again in the same transaction.
    func replaceDiagnoses(ofPatient patient: String, with entries: [Diagnosis], by actor: String, at now: Date)
        async throws

    /// Puts `abn` on file for `patient` and decides the patient's held charges again; ``ChargeError`` `conflict`
    /// when its id is taken.
    func addABN(_ abn: ABN, forPatient patient: String, by actor: String, at now: Date) async throws -> ABN

    /// Revokes ABN `id` for `reason` and decides its patient's held charges again; ``ChargeError`` `notFound` or
    /// `conflict` (already revoked).
    func revokeABN(id: String, reason: String, by actor: String, at now: Date) async throws
}
