import DeliveryLog
import Foundation

/// The decisions both stores apply, each returning the ``ChargeChange``s to write: a store loads the facts,
/// calls one of these and writes what it returns, in its transaction; it decides nothing itself.
extension ChargeRules {
    /// The charge of a session that just became final, with its `created` entry; nil when it bills nothing.
    public static func creation(
        for session: DeliverySession, settings: ChargeSettings, priorCharges: [PriorCharge],
        coverage: PatientCoverage, logHash: String?, at now: Date
    ) -> ChargeChange? {
        guard
            let charge = charge(
                for: session, settings: settings, priorCharges: priorCharges, coverage: coverage, logHash: logHash,
                at: now
            ).0
        else { return nil }
        let reasons = charge.holdReasons.map(\.rawValue).joined(separator: ", ")
        return ChargeChange(
            charge,
            ChargeHistoryEntry(
                at: now, actor: "gammalogd", action: "created", from: nil, to: charge.status,
                reason: reasons.isEmpty ? nil : reasons))
    }
}

extension Charge {
    /// This held charge decided again for P1–P5 (payers.md, diagnoses.md) against the patient's `coverage` as
    /// it stands now, `cause` being what changed it; nil when nothing changes (or payer checks are off).
    public func redecided(
        coverage: PatientCoverage, signed: Bool, settings: ChargeSettings, cause: String, at now: Date
    ) -> ChargeChange? {
        guard let payers = settings.payers else { return nil }
        let check = PayerRules.check(code: code, on: serviceDate, coverage: coverage, settings: payers)
        var charge = self
        guard
            let entry = charge.redecidePayers(
                check, facilityModifiers: settings.modifiers, release: settings.release, signed: signed, cause: cause,
                at: now)
        else { return nil }
        return ChargeChange(charge, entry)
    }

    /// This charge voided by `actor`, or, once exported, credited: the charge's change and the credit's
    /// `created` one (billing-interfaces.md).
    public func voided(by actor: String, reason: String, at now: Date) throws(ChargeError) -> [ChargeChange] {
        var charge = self
        let (entry, credit) = try charge.void(by: actor, reason: reason, at: now)
        var changes = [ChargeChange(charge, entry, enqueue: false)]
        if let credit {
            changes.append(
                ChargeChange(
                    credit,
                    ChargeHistoryEntry(at: now, actor: actor, action: "created", from: nil, to: .ready, reason: reason),
                    enqueue: true))
        }
        return changes
    }
}

extension Authorization {
    /// Revokes this authorization for `reason`; one already revoked stays as it was.
    public mutating func revoke(reason: String) throws(ChargeError) {
        guard revokedReason == nil else {
            throw ChargeError(.conflict, charge: id, "the authorization is already revoked")
        }
        revokedReason = reason
    }
}

extension ABN {
    /// Revokes this notice for `reason`; one already revoked stays as it was.
    public mutating func revoke(reason: String) throws(ChargeError) {
        guard revokedReason == nil else { throw ChargeError(.conflict, charge: id, "the ABN is already revoked") }
        revokedReason = reason
    }
}
