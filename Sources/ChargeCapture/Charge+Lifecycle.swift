import Foundation

extension Charge {
    /// A person releases a held or pending charge: it becomes ready. `modifiers`
    /// are the ones they chose (added to the configured ones); `code` is
    /// required when the rules could choose none. A `pending_review` charge waits for a physicist
    /// (billing-interfaces.md 1.1): only someone who `signsRecords` releases it.
    public mutating func release(
        by actor: String, signsRecords: Bool, reason: String, modifiers chosen: [String],
        code chosenCode: String? = nil,
        at now: Date
    ) throws(ChargeError) -> ChargeHistoryEntry {
        try Self.requireReason(reason, for: id)
        for modifier in chosen where !Self.isModifier(modifier) {
            throw ChargeError(.invalid, charge: id, "modifiers: '\(modifier)' is not a two-character CPT modifier")
        }
        if let chosenCode, !Self.isCode(chosenCode) {
            throw ChargeError(.invalid, charge: id, "code: '\(chosenCode)' is not a five-character CPT/HCPCS code")
        }
        let from = status(at: now)
        guard from == .held || from == .pendingReview else {
            throw ChargeError(
                .conflict, charge: id, "only a held or pending_review charge can be released; it is \(from.rawValue)")
        }
        guard from != .pendingReview || signsRecords else {
            throw ChargeError(
                .conflict, charge: id,
                "session \(sessionID) is not signed: a pending_review charge moves only by a physicist's signature or release"
            )
        }
        guard code != nil || chosenCode != nil else {
            throw ChargeError(
                .conflict, charge: id, "no code could be chosen for this session; release it with a \"code\"")
        }
        var newModifiers = modifiers
        for modifier in chosen where !newModifiers.contains(modifier) { newModifiers.append(modifier) }
        let codeBefore = code
        let codeChanged = chosenCode != nil && chosenCode != code
        if newModifiers != modifiers || codeChanged { revision += 1 }
        modifiers = newModifiers
        if let chosenCode { code = chosenCode }
        status = .ready
        readyAt = now
        hl7Rejections = 0
        updatedAt = now
        let chosenText = chosen.isEmpty ? "" : " (modifiers \(chosen.joined(separator: ", ")))"
        return ChargeHistoryEntry(
            at: now, actor: actor, action: "released", from: from, to: .ready, reason: reason + chosenText,
            codeBefore: codeChanged ? (codeBefore ?? "none") : nil, codeAfter: codeChanged ? code : nil)
    }

    /// A person voids the charge. Before export it becomes `void`; after
    /// export it stays exported and the returned credit is queued instead.
    public mutating func void(by actor: String, reason: String, at now: Date) throws(ChargeError) -> (
        ChargeHistoryEntry, credit: Charge?
    ) {
        try Self.requireReason(reason, for: id)
        let from = status(at: now)
        switch from {
        case .void:
            throw ChargeError(.conflict, charge: id, "already void")
        case .exported:
            guard creditedBy == nil else {
                throw ChargeError(.conflict, charge: id, "already credited by \(creditedBy ?? "")")
            }
            guard kind == .charge else {
                throw ChargeError(.conflict, charge: id, "an exported credit cannot itself be credited")
            }
            var credit = self
            credit.id = Self.creditID(of: id)
            credit.kind = .credit
            credit.status = .ready
            credit.creditOf = id
            credit.createdAt = now
            credit.updatedAt = now
            credit.readyAt = now
            credit.exportedAt = nil
            credit.revision = 1
            credit.attempts = 0
            credit.hl7Rejections = 0
            credit.lastReason = nil
            credit.lease = nil
            credit.holdReasons = []
            credit.notes = ["credit of \(id): \(reason)"]
            creditedBy = credit.id
            updatedAt = now
            notes.append("credited by \(credit.id): \(reason)")
            return (
                ChargeHistoryEntry(at: now, actor: actor, action: "credited", from: from, to: from, reason: reason),
                credit
            )
        default:
            status = .void
            lease = nil
            updatedAt = now
            return (
                ChargeHistoryEntry(at: now, actor: actor, action: "voided", from: from, to: .void, reason: reason), nil
            )
        }
    }

    /// A billing consumer claims the charge under `lease`, `actor` the authenticated caller.
    public mutating func claim(_ lease: Lease, by actor: String, at now: Date) throws(ChargeError)
        -> ChargeHistoryEntry
    {
        let from = status(at: now)
        guard from == .ready else { throw ChargeError(.conflict, charge: id, "not ready; it is \(from.rawValue)") }
        status = .claimed
        self.lease = lease
        updatedAt = now
        return ChargeHistoryEntry(
            at: now, actor: actor, action: "claimed", from: from, to: .claimed, reason: nil, consumer: lease.consumer)
    }

    /// The consumer holding `token` acknowledges the charge: exported. Acking
    /// again under the same lease is a no-op (nil).
    public mutating func ack(lease token: String, by actor: String, at now: Date) throws(ChargeError)
        -> ChargeHistoryEntry?
    {
        if status == .exported, lease?.token == token { return nil }
        try requireLease(token, at: now)
        let consumer = lease?.consumer
        status = .exported
        exportedAt = now
        updatedAt = now
        return ChargeHistoryEntry(
            at: now, actor: actor, action: "acked", from: .claimed, to: .exported, reason: nil, consumer: consumer)
    }

    /// The consumer holding `token` gives the charge back: ready again, the attempt counted.
    public mutating func nack(lease token: String, reason: String, by actor: String, at now: Date)
        throws(ChargeError) -> ChargeHistoryEntry
    {
        try requireLease(token, at: now)
        let consumer = lease?.consumer
        status = .ready
        lease = nil
        attempts += 1
        lastReason = reason
        updatedAt = now
        return ChargeHistoryEntry(
            at: now, actor: actor, action: "nacked", from: .claimed, to: .ready, reason: reason, consumer: consumer)
    }

    /// The HL7 receiver accepted the message (AA/CA): exported. A charge voided
    /// while its message was in flight is exported too, and says so: the
    /// receiver has it, so only a credit can reverse it now.
    public mutating func hl7Accepted(at now: Date) -> ChargeHistoryEntry? {
        let from = status(at: now)
        guard from != .exported else { return nil }
        if from == .void {
            notes.append("voided while its HL7 message was in flight; the receiver accepted it: void again to credit")
        }
        status = .exported
        exportedAt = now
        updatedAt = now
        return ChargeHistoryEntry(at: now, actor: "hl7", action: "hl7_accepted", from: from, to: .exported, reason: nil)
    }

    /// The HL7 receiver refused the message (AE/AR). After `maxAttempts`
    /// refusals the charge is held as `interface_rejected` for a person.
    public mutating func hl7Rejected(_ error: String, maxAttempts: Int, at now: Date) -> ChargeHistoryEntry {
        let from = status(at: now)
        hl7Rejections += 1
        lastReason = error
        updatedAt = now
        guard hl7Rejections >= maxAttempts, from == .ready || from == .claimed else {
            return ChargeHistoryEntry(
                at: now, actor: "hl7", action: "hl7_rejected", from: from, to: from, reason: error)
        }
        status = .held
        lease = nil
        if !holdReasons.contains(.interfaceRejected) { holdReasons.append(.interfaceRejected) }
        return ChargeHistoryEntry(
            at: now, actor: "hl7", action: "hl7_rejected", from: from, to: .held,
            reason: "\(error) (refused \(hl7Rejections) times)")
    }

    private func requireLease(_ token: String, at now: Date) throws(ChargeError) {
        guard status == .claimed, let lease, lease.token == token else {
            throw ChargeError(.conflict, charge: id, "not held by this lease")
        }
        guard lease.expiresAt > now else { throw ChargeError(.conflict, charge: id, "the lease has expired") }
    }

    private static func requireReason(_ reason: String, for id: String) throws(ChargeError) {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ChargeError(.invalid, charge: id, "reason: a reason is required")
        }
    }

    /// Whether `text` looks like a CPT modifier (two letters or digits).
    public static func isModifier(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Whether `text` looks like a CPT/HCPCS code (five letters or digits).
    public static func isCode(_ text: String) -> Bool {
        text.count == 5 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
