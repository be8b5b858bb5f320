import Foundation

extension Charge {
    /// Coverage, an authorization, a diagnosis or an ABN arrived for the patient: a held charge is
    /// decided again for P1–P5 only. A payer hold that no longer applies goes,
    /// a new one may come, the other holds stay; with no hold left the charge
    /// is ready (or pending review, under `after_review` while unsigned).
    /// Returns nil when nothing changed; a charge that is not held, or is held `interface_rejected`, never changes.
    public mutating func redecidePayers(
        _ check: PayerRules.Check, facilityModifiers: [String], release: ChargeSettings.Release, signed: Bool,
        cause: String, at now: Date
    ) -> ChargeHistoryEntry? {
        // A charge held interface_rejected went out once under its coverage and keeps it, and its unit
        // (payers.md 1.1), until a person releases or voids it.
        guard status == .held, kind == .charge, !holdReasons.contains(.interfaceRejected) else { return nil }
        let holds = holdReasons.filter { !PayerRules.holdReasons.contains($0) } + check.holds
        let newModifiers = code == nil ? [] : check.modifiers(facility: facilityModifiers)
        guard
            holds != holdReasons || check.coverage != coverage || newModifiers != modifiers
                || check.diagnoses != diagnoses || check.medicalNecessity != medicalNecessity
        else { return nil }
        let from = status
        let removed = holdReasons.filter { !holds.contains($0) }.map(\.rawValue)
        let added = holds.filter { !holdReasons.contains($0) }.map(\.rawValue)
        if newModifiers != modifiers { revision += 1 }
        holdReasons = holds
        coverage = check.coverage
        modifiers = newModifiers
        diagnoses = check.diagnoses
        medicalNecessity = check.medicalNecessity
        notes += check.notes.filter { !notes.contains($0) }
        if holds.isEmpty {
            status = release == .afterReview && !signed ? .pendingReview : .ready
            if status == .ready { readyAt = now }
        }
        updatedAt = now
        var what: [String] = []
        if !removed.isEmpty { what.append("\(removed.joined(separator: ", ")) lifted") }
        if !added.isEmpty { what.append("\(added.joined(separator: ", ")) added") }
        if what.isEmpty { what.append("coverage updated") }
        return ChargeHistoryEntry(
            at: now, actor: "gammalogd", action: "redecided", from: from, to: status,
            reason: "\(what.joined(separator: "; ")) by \(cause)")
    }
}
