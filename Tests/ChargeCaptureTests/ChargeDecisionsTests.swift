import ChargeCapture
import DeliveryLog
import Foundation
import Testing

/// The decisions both stores apply, table-tested with no store: what each returns for each set of facts.
@Suite struct ChargeDecisionsTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    var afterReview: ChargeSettings {
        var settings = ChargeSettings()
        settings.release = .afterReview
        return settings
    }

    @Test func aFinalTreatmentIsCreatedWithItsCreatedEntryAndANonBillableOneIsNot() throws {
        let ready = try #require(
            ChargeRules.creation(
                for: session(), settings: ChargeSettings(), priorCharges: [], coverage: PatientCoverage(),
                logHash: "00", at: now))
        #expect(ready.charge.status == .ready && ready.enqueue)
        #expect(
            ready.entry
                == ChargeHistoryEntry(
                    at: now, actor: "gammalogd", action: "created", from: nil, to: .ready, reason: nil))
        let held = try #require(
            ChargeRules.creation(
                for: session(gaps: ["overrun"]), settings: ChargeSettings(), priorCharges: [],
                coverage: PatientCoverage(), logHash: "00", at: now))
        #expect(held.charge.status == .held && !held.enqueue)
        #expect(held.entry.reason == held.charge.holdReasons.map(\.rawValue).joined(separator: ", "))
        #expect(
            ChargeRules.creation(
                for: session(kind: .qa), settings: ChargeSettings(), priorCharges: [], coverage: PatientCoverage(),
                logHash: "00", at: now) == nil)
    }

    /// Each row: whether the session was closed, whether it was signed before, the charge's status, and what
    /// the signature is, marks and releases.
    @Test(arguments: [
        (true, false, Charge.Status.pendingReview, "review", true, true),
        (true, false, Charge.Status.ready, "review", true, false),
        (true, true, Charge.Status.pendingReview, "addendum", false, false),
        (true, true, Charge.Status.exported, "addendum", false, false),
    ])
    func aSignatureIsAReviewThenAddendaAndTheFirstReleasesAChargePendingReview(
        final: Bool, signed: Bool, status: Charge.Status, kind: String, marks: Bool, releases: Bool
    ) throws {
        var charge = try #require(
            ChargeRules.charge(for: session(), settings: afterReview, logHash: "00", at: now).0)
        charge.status = status
        let decision = try SignOff(by: "DR PHYS", note: "ok", at: now).decide(
            session: charge.sessionID, record: .init(hash: "abc", final: final, signed: signed), charge: charge)
        #expect(decision.review == SessionReview(kind: kind, by: "DR PHYS", at: now, note: "ok", recordHash: "abc"))
        #expect(decision.marksSigned == marks)
        #expect((decision.release != nil) == releases)
        if let release = decision.release {
            #expect(release.charge.status == .ready && release.enqueue && release.entry.actor == "DR PHYS")
        }
    }

    @Test func aSignatureIsRefusedWithoutASignerOnAnOpenOrUnknownSessionOrWithTooLongANote() throws {
        #expect(throws: ChargeError(.invalid, charge: nil, "a signature needs the signer's name")) {
            _ = try SignOff(by: "  ", note: "", at: now)
        }
        #expect(throws: ChargeError(.invalid, charge: nil, "note: longer than 4000 characters")) {
            _ = try SignOff(by: "DR", note: String(repeating: "x", count: 4001), at: now)
        }
        let signOff = try SignOff(by: "DR", note: "", at: now)
        #expect(throws: ChargeError(.notFound, charge: nil, "no session S1")) {
            _ = try signOff.decide(session: "S1", record: nil, charge: nil)
        }
        #expect(throws: ChargeError(.conflict, charge: nil, "session S1 is still open; sign it once it has closed")) {
            _ = try signOff.decide(session: "S1", record: .init(hash: "", final: false, signed: false), charge: nil)
        }
    }

    @Test func voidingBeforeExportVoidsAndAfterExportCreditsInAReadyCredit() throws {
        let ready = try #require(charge(session(), at: now))
        let voided = try ready.voided(by: "coder", reason: "duplicate", at: now)
        #expect(voided.map(\.charge.status) == [.void] && voided.map(\.enqueue) == [false])
        var exported = ready
        exported.status = .exported
        let credited = try exported.voided(by: "coder", reason: "wrong patient", at: now)
        #expect(credited.map(\.charge.kind) == [.charge, .credit] && credited.map(\.enqueue) == [false, true])
        #expect(
            credited[1].entry
                == ChargeHistoryEntry(
                    at: now, actor: "coder", action: "created", from: nil, to: .ready, reason: "wrong patient"))
    }

    @Test func anAuthorizationIsRevokedOnce() throws {
        var authorization = Authorization(
            id: "A1", payerID: "uhc", number: "N1", validFrom: "2026-01-01", validTo: "2026-12-31", source: .api)
        try authorization.revoke(reason: "entered in error")
        #expect(authorization.revokedReason == "entered in error")
        #expect(throws: ChargeError(.conflict, charge: "A1", "the authorization is already revoked")) {
            try authorization.revoke(reason: "again")
        }
    }

    @Test func aHeldChargeIsNotRedecidedWhenPayerChecksAreOff() throws {
        var held = try #require(charge(session(gaps: ["overrun"]), at: now))
        held.status = .held
        #expect(
            held.redecided(
                coverage: PatientCoverage(), signed: false, settings: ChargeSettings(), cause: "ADT 1", at: now)
                == nil)
    }
}
