import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import Testing

/// A charge built by the rules from a test session.
func charge(_ built: DeliverySession, settings: ChargeSettings = ChargeSettings(), at now: Date = .init()) -> Charge? {
    ChargeRules.charge(for: built, settings: settings, logHash: "00", at: now).0
}

@Suite struct ChargeLifecycleTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func lease(_ token: String = "L1", seconds: Double = 60) -> Charge.Lease {
        .init(token: token, consumer: "billing-a", expiresAt: now.addingTimeInterval(seconds))
    }

    @Test func aClaimedChargeIsAckedExportedAndAckingAgainUnderTheSameLeaseIsANoOp() throws {
        var ready = try #require(charge(session()))
        _ = try ready.claim(lease(), by: "billing", at: now)
        #expect(ready.status(at: now) == .claimed)
        let entry = try ready.ack(lease: "L1", by: "billing", at: now)
        #expect(entry?.to == .exported && ready.status == .exported && ready.exportedAt == now)
        #expect(try ready.ack(lease: "L1", by: "billing", at: now) == nil)
        #expect(throws: ChargeError.self) { _ = try ready.ack(lease: "L2", by: "billing", at: now) }
    }

    @Test func anExpiredLeaseMakesTheChargeReadyAgainAndItsAckIsRefused() throws {
        var claimed = try #require(charge(session()))
        _ = try claimed.claim(lease(seconds: 30), by: "billing", at: now)
        let later = now.addingTimeInterval(31)
        #expect(claimed.status(at: later) == .ready)
        #expect(throws: ChargeError(.conflict, charge: claimed.id, "not held by this lease")) {
            var other = claimed
            _ = try other.claim(lease("L2"), by: "billing", at: later)
            _ = try other.ack(lease: "L1", by: "billing", at: later)
        }
        var stale = claimed
        #expect(throws: ChargeError(.conflict, charge: claimed.id, "the lease has expired")) {
            _ = try stale.ack(lease: "L1", by: "billing", at: later)
        }
    }

    @Test func aNackMakesTheChargeReadyWithTheAttemptCountedAndTheReasonKept() throws {
        var claimed = try #require(charge(session()))
        _ = try claimed.claim(lease(), by: "billing", at: now)
        let entry = try claimed.nack(lease: "L1", reason: "payer mapping missing", by: "billing", at: now)
        #expect(claimed.status == .ready && claimed.attempts == 1 && claimed.lastReason == "payer mapping missing")
        #expect(entry.action == "nacked" && claimed.lease == nil)
    }

    @Test func aHeldChargeIsReleasedWithAReasonAndTheChosenModifierWhichChangesTheControlID() throws {
        var held = try #require(charge(session(outcome: .endedByFault, deliveredMs: 900_000, immobilization: .mask)))
        #expect(held.status == .held && held.suggestedModifiers == ["52"] && held.modifiers.isEmpty)
        #expect(throws: ChargeError.self) {
            _ = try held.release(by: "dr-p", signsRecords: true, reason: " ", modifiers: [], at: now)
        }
        #expect(throws: ChargeError.self) {
            _ = try held.release(by: "dr-p", signsRecords: true, reason: "ok", modifiers: ["525"], at: now)
        }
        let entry = try held.release(
            by: "dr-p", signsRecords: true, reason: "half delivered, confirmed", modifiers: ["52"], at: now)
        #expect(held.status == .ready && held.modifiers == ["52"] && held.readyAt == now)
        #expect(entry.actor == "dr-p" && entry.from == .held && entry.to == .ready)
        #expect(held.controlID == "GK-4711-000123-2")
        #expect(throws: ChargeError.self) {
            _ = try held.release(by: "dr-p", signsRecords: true, reason: "again", modifiers: [], at: now)
        }
    }

    @Test func aPendingReviewChargeMovesOnlyForSomeoneWhoSignsRecords() throws {
        var settings = ChargeSettings()
        settings.release = .afterReview
        var pending = try #require(charge(session(), settings: settings))
        #expect(pending.status == .pendingReview)
        #expect(
            throws: ChargeError(
                .conflict, charge: pending.id,
                "session GK-4711-000123 is not signed: a pending_review charge moves only by a physicist's signature or release"
            )
        ) { _ = try pending.release(by: "coder", signsRecords: false, reason: "looks fine", modifiers: [], at: now) }
        #expect(pending.status == .pendingReview)
        _ = try pending.release(by: "dr-p", signsRecords: true, reason: "reviewed", modifiers: [], at: now)
        #expect(pending.status == .ready)
    }

    @Test func aChargeWithNoCodeCanOnlyBeReleasedWithOne() throws {
        var held = try #require(charge(session(fractions: 8)))
        #expect(throws: ChargeError.self) {
            _ = try held.release(by: "b", signsRecords: false, reason: "checked", modifiers: [], at: now)
        }
        _ = try held.release(by: "b", signsRecords: false, reason: "checked", modifiers: [], code: "77373", at: now)
        #expect(held.code == "77373" && held.status == .ready)
    }

    @Test func voidingBeforeExportVoidsAndAfterExportQueuesACreditOnce() throws {
        var unexported = try #require(charge(session()))
        let (voided, none) = try unexported.void(by: "b", reason: "wrong patient", at: now)
        #expect(unexported.status == .void && none == nil && voided.to == .void)
        #expect(throws: ChargeError.self) { _ = try unexported.void(by: "b", reason: "again", at: now) }

        var exported = try #require(charge(session()))
        _ = try exported.claim(lease(), by: "billing", at: now)
        _ = try exported.ack(lease: "L1", by: "billing", at: now)
        let (credited, made) = try exported.void(by: "b", reason: "billed in error", at: now)
        let credit = try #require(made)
        #expect(
            exported.status == .exported && exported.creditedBy == "GK-4711-000123-CD" && credited.action == "credited")
        #expect(credit.kind == .credit && credit.creditOf == exported.id && credit.status == .ready)
        #expect(credit.id == "GK-4711-000123-CD" && credit.code == exported.code && credit.units == 1)
        #expect(throws: ChargeError.self) { _ = try exported.void(by: "b", reason: "twice", at: now) }
    }

    @Test func hl7RefusalsHoldTheChargeAsInterfaceRejectedAfterTheConfiguredAttempts() throws {
        var ready = try #require(charge(session()))
        _ = ready.hl7Rejected("AE: unknown patient", maxAttempts: 3, at: now)
        _ = ready.hl7Rejected("AE: unknown patient", maxAttempts: 3, at: now)
        #expect(ready.status == .ready && ready.hl7Rejections == 2)
        let entry = ready.hl7Rejected("AE: unknown patient", maxAttempts: 3, at: now)
        #expect(ready.status == .held && ready.holdReasons == [.interfaceRejected] && entry.to == .held)
        _ = try ready.release(by: "b", signsRecords: false, reason: "patient registered", modifiers: [], at: now)
        #expect(ready.status == .ready && ready.hl7Rejections == 0 && ready.controlID == "GK-4711-000123")
    }

    @Test func anHL7AcceptanceExportsAndOneForAVoidedChargeSaysItMustBeCredited() throws {
        var ready = try #require(charge(session()))
        #expect(ready.hl7Accepted(at: now)?.to == .exported)
        #expect(ready.hl7Accepted(at: now) == nil)
        var voided = try #require(charge(session()))
        _ = try voided.void(by: "b", reason: "r", at: now)
        _ = voided.hl7Accepted(at: now)
        #expect(voided.status == .exported && voided.notes.contains { $0.contains("credit") })
    }
}

@Suite struct ReconciliationTests {
    @Test func aDeliveredSessionWithNoChargeIsMissingAndTheOthersSayWhy() throws {
        let settings = ChargeSettings()
        let opened = Date(timeIntervalSince1970: 1_795_000_000)
        let charged = session(number: 1, opened: opened)
        let qa = session(kind: .qa, number: 2, opened: opened.addingTimeInterval(60))
        let lost = session(number: 3, opened: opened.addingTimeInterval(120))
        let undelivered = session(outcome: .endedByOperator, deliveredMs: 0, number: 4, opened: opened)
        let made = try #require(charge(charged))
        let report = Reconciliation(
            date: "2026-11-18", sessions: [lost, qa, charged, undelivered], charges: [charged.id: made],
            settings: settings, at: opened)
        #expect(report.sessions.map(\.number) == [1, 4, 2, 3])
        #expect(report.missing.map(\.number) == [3])
        #expect(report.sessions.first { $0.number == 1 }?.chargeStatus == "ready")
        #expect(report.sessions.first { $0.number == 2 }?.noChargeReason == "not_a_treatment")
        #expect(report.sessions.first { $0.number == 4 }?.noChargeReason == "not_delivered")
    }

    @Test func aServiceDateIsTheLocalMidnightToMidnightInterval() throws {
        let chicago = try #require(TimeZone(identifier: "America/Chicago"))
        let day = try #require(Reconciliation.interval(of: "2026-11-28", in: chicago))
        #expect(RFC3339.format(day.start) == "2026-11-28T06:00:00Z" && day.duration == 86_400)
        #expect(Reconciliation.interval(of: "2026-13-01", in: chicago) == nil)
        #expect(Reconciliation.interval(of: "yesterday", in: chicago) == nil)
    }
}

@Suite struct RFC3339Tests {
    @Test func formattingAndParsingAgreeWithFoundationAcrossCenturiesAndLeapDays() throws {
        let reference = ISO8601DateFormatter()
        for seconds in stride(from: -2_208_988_800.0, to: 4_102_444_800.0, by: 7_654_321.0) + [
            951_782_400, 1_795_000_000,
        ] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.format(date) == reference.string(from: date))
            #expect(RFC3339.parse(reference.string(from: date)) == date)
        }
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000.25)) == "2026-11-18T11:06:40.250Z")
        #expect(RFC3339.parse("2026-11-18T11:06:40.25Z") == Date(timeIntervalSince1970: 1_795_000_000.25))
        #expect(RFC3339.parse("2026-11-18T05:06:40-06:00") == Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-18", "2026-02-30T00:00:00Z", "2026-11-18T25:00:00Z",
        "2026-11-18T11:06:40", "2026-11-18T11:06:40.Z", "2026-11-18T11:06:40Zjunk", "2026-11-18T11:06:40+0600",
    ])
    func anythingElseIsRefused(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }
}
