import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import Testing

/// A final session with the given facts.
func session(
    kind: SessionKind? = .treatment, fractions: Int? = 1, outcome: SessionOutcome = .completed,
    deliveredMs: Int64 = 1_800_000, plannedMs: Int64 = 1_800_000, immobilization: Immobilization = .frame,
    gaps: [String] = [], patient: String = "MRN1", serial: String = "4711", number: UInt32 = 123,
    opened: Date = Date(timeIntervalSince1970: 1_795_000_000), final: Bool = true
) -> DeliverySession {
    var session = DeliverySession(console: ConsoleRef(serial: serial, model: "CO60-MS192", name: "gk1"), number: number)
    session.kind = kind
    session.fractionsPlanned = fractions
    session.outcome = outcome
    session.deliveredMs = deliveredMs
    session.plannedMs = plannedMs
    session.immobilization = immobilization
    session.gaps = gaps.map { RecordGap(kind: $0, detail: "test") }
    session.patient = Patient(id: patient, family: "DOE", given: "JANE")
    session.openedAt = opened
    session.final = final
    return session
}

@Suite struct ChargeRulesTests {
    let settings = ChargeSettings()

    @Test(arguments: [SessionKind.qa, .service])
    func row1QAAndServiceSessionsAreNeverCharged(kind: SessionKind) {
        #expect(ChargeRules.decide(session(kind: kind), settings: settings) == .noCharge(.notATreatment))
    }

    @Test func row2ATreatmentWithNoBeamOnTimeIsNotCharged() {
        let outcome = ChargeRules.decide(session(outcome: .endedByOperator, deliveredMs: 0), settings: settings)
        #expect(outcome == .noCharge(.notDelivered))
    }

    @Test func row3ASingleSessionCourseIs77371TimesOneReady() throws {
        let decision = try #require(ChargeRules.decide(session(), settings: settings).decision)
        #expect(decision.code == "77371" && decision.units == 1 && decision.status == .ready)
        #expect(decision.holdReasons.isEmpty && decision.modifiers.isEmpty && decision.suggestedModifiers.isEmpty)
        #expect(decision.id == "GK-4711-000123")
    }

    @Test(arguments: [2, 3, 4, 5])
    func row4AFractionOfATwoToFiveFractionCourseIs77373(fractions: Int) throws {
        let decision = try #require(ChargeRules.decide(session(fractions: fractions), settings: settings).decision)
        #expect(decision.code == "77373" && decision.units == 1 && decision.status == .ready)
    }

    @Test(arguments: [6, 10, 30])
    func row5MoreThanFiveFractionsIsHeldWithNoCode(fractions: Int) throws {
        let decision = try #require(ChargeRules.decide(session(fractions: fractions), settings: settings).decision)
        #expect(decision.code == nil && decision.status == .held)
        #expect(decision.holdReasons == [.unsupportedFractionation])
    }

    @Test(arguments: [
        (SessionOutcome.endedByOperator, Immobilization.frame, "74"),
        (.endedByFault, .frame, "74"),
        (.endedByOperator, .mask, "52"),
        (.endedByFault, .unknown, "52"),
    ])
    func row6AnEarlyEndIsHeldWithASuggestedModifierNeverApplied(
        outcome: SessionOutcome, immobilization: Immobilization, modifier: String
    ) throws {
        let decision = try #require(
            ChargeRules.decide(
                session(outcome: outcome, deliveredMs: 600_000, immobilization: immobilization), settings: settings
            ).decision)
        #expect(decision.code == "77371" && decision.status == .held)
        #expect(decision.holdReasons == [.partialDelivery])
        #expect(decision.suggestedModifiers == [modifier] && decision.modifiers.isEmpty)
        #expect(abs((decision.deliveredPercent ?? 0) - 33.33) < 0.01)
    }

    @Test(arguments: ["overrun", "gateway_restart", "unreadable_slot", "session_close_not_seen"])
    func row7AnyGapHoldsTheChargeWhateverTheOutcome(gap: String) throws {
        let decision = try #require(ChargeRules.decide(session(gaps: [gap]), settings: settings).decision)
        #expect(decision.status == .held && decision.holdReasons == [.incompleteRecord])
        #expect(decision.code == "77371")
    }

    @Test func row8ASecondChargeForThePatientOnTheDateFromAnyConsoleIsHeld() throws {
        let first = session(serial: "4711", number: 1)
        let second = session(serial: "5822", number: 7)
        let prior = ChargeRules.PriorCharge(
            id: first.id, patientID: "MRN1", code: "77371", serviceDate: "2026-11-18", voided: false)
        let decision = try #require(ChargeRules.decide(second, settings: settings, priorCharges: [prior]).decision)
        #expect(decision.holdReasons == [.duplicateServiceDate])
        let voided = ChargeRules.PriorCharge(
            id: first.id, patientID: "MRN1", code: "77371", serviceDate: "2026-11-18", voided: true)
        #expect(ChargeRules.decide(second, settings: settings, priorCharges: [voided]).decision?.status == .ready)
        let otherPatient = ChargeRules.PriorCharge(
            id: first.id, patientID: "MRN2", code: "77371", serviceDate: "2026-11-18", voided: false)
        #expect(ChargeRules.decide(second, settings: settings, priorCharges: [otherPatient]).decision?.status == .ready)
        // A charge never duplicates itself on re-decision.
        let itself = ChargeRules.PriorCharge(
            id: second.id, patientID: "MRN1", code: "77371", serviceDate: "2026-11-18", voided: false)
        #expect(ChargeRules.decide(second, settings: settings, priorCharges: [itself]).decision?.status == .ready)
    }

    @Test func row9AnOpenSessionHasNoChargeYet() {
        #expect(
            ChargeRules.decide(session(outcome: .open, final: false), settings: settings) == .noCharge(.sessionOpen))
    }

    @Test func holdsAddUp() throws {
        let decision = try #require(
            ChargeRules.decide(
                session(fractions: 8, outcome: .endedByFault, deliveredMs: 100_000, gaps: ["overrun"]),
                settings: settings
            ).decision)
        #expect(Set(decision.holdReasons) == [.unsupportedFractionation, .partialDelivery, .incompleteRecord])
    }

    @Test func afterReviewKeepsAnUnheldChargePendingAndAHeldOneHeld() throws {
        var review = settings
        review.release = .afterReview
        #expect(ChargeRules.decide(session(), settings: review).decision?.status == .pendingReview)
        #expect(ChargeRules.decide(session(gaps: ["overrun"]), settings: review).decision?.status == .held)
    }

    @Test func aConfiguredTCModifierIsAddedAndNoted() throws {
        var payer = settings
        payer.modifiers = ["TC"]
        let decision = try #require(ChargeRules.decide(session(), settings: payer).decision)
        #expect(decision.modifiers == ["TC"])
        #expect(decision.notes.contains { $0.contains("TC") && $0.contains("configuration") })
    }

    @Test func aSessionAtHalfPastNineInTheEveningIsTheLocalDateNotTheUTCOne() throws {
        // 21:30 in Chicago on 28 November 2026 is 03:30 UTC on the 29th.
        let opened = try #require(ISO8601DateFormatter().date(from: "2026-11-29T03:30:00Z"))
        let decision = try #require(ChargeRules.decide(session(opened: opened), settings: settings).decision)
        #expect(decision.serviceDate == "2026-11-28")
        var utc = settings
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        #expect(ChargeRules.decide(session(opened: opened), settings: utc).decision?.serviceDate == "2026-11-29")
    }

    @Test func aSessionOfUnknownKindWithAnIncompleteRecordIsHeldNotDropped() throws {
        let decision = try #require(
            ChargeRules.decide(session(kind: nil, fractions: nil, gaps: ["session_open_not_seen"]), settings: settings)
                .decision)
        #expect(decision.status == .held && decision.holdReasons == [.incompleteRecord] && decision.code == nil)
    }
}

extension ChargeRulesTests {
    @Test func aSessionLostInAGapIsHeldAsIncompleteNotCountedAsUndelivered() throws {
        var lost = DeliverySession(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"), number: 9)
        lost.gaps = [RecordGap(kind: "session_not_seen", detail: "lost")]
        lost.final = true
        let decision = try #require(ChargeRules.decide(lost, settings: settings).decision)
        #expect(decision.status == .held && decision.holdReasons == [.incompleteRecord] && decision.code == nil)
    }

    @Test func aTreatmentWithAGapAndNoBeamSeenIsHeldBecauseBeamMayHaveBeenMissed() throws {
        let decision = try #require(
            ChargeRules.decide(session(outcome: .open, deliveredMs: 0, gaps: ["overrun"]), settings: settings).decision)
        #expect(decision.holdReasons == [.incompleteRecord])
    }

    @Test func theChargeCarriesTheTechnicalRecordAndTheConfiguredNumbers() throws {
        var configured = settings
        configured.chargemaster = ["77371": "33371000"]
        configured.placeOfService = "19"
        let opened = Date(timeIntervalSince1970: 1_795_000_000)
        let (made, none) = ChargeRules.charge(
            for: session(opened: opened), settings: configured, logHash: "ab12", at: opened.addingTimeInterval(60))
        let charge = try #require(made)
        #expect(none == nil)
        #expect(charge.chargemasterCode == "33371000" && charge.placeOfService == "19" && charge.revenueCode == "0333")
        #expect(charge.status == .ready && charge.readyAt == opened.addingTimeInterval(60))
        #expect(charge.record.logHash == "ab12" && charge.record.deliveredMs == 1_800_000)
        #expect(charge.record.deliveredPercent == 100 && charge.record.immobilization == .frame)
        #expect(charge.controlID == "GK-4711-000123")
    }

    @Test func aChargeEncodesEveryContractFieldAndNullsWhereUnknown() throws {
        let (made, _) = ChargeRules.charge(for: session(fractions: 9), settings: settings, logHash: nil, at: Date())
        let charge = try #require(made)
        let data = try Charge.encoder().encode(charge.publicView)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "id", "kind", "status", "code", "code_system", "modifiers", "units", "revenue_code", "chargemaster_code",
            "service_date", "place_of_service", "patient", "console", "session", "hold_reasons", "suggested_modifiers",
            "attempts", "credit_of", "created_at", "updated_at", "record",
        ] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["code"] is NSNull && object["credit_of"] is NSNull)
        #expect(object["hold_reasons"] as? [String] == ["unsupported_fractionation"])
        let back = try Charge.decoder().decode(Charge.self, from: try Charge.encoder().encode(charge))
        #expect(back.id == charge.id && back.holdReasons == charge.holdReasons && back.record == charge.record)
    }
}

/// Every combination of the conditions that hold a charge, and the holds they must add up to.
@Suite struct HoldCombinationTests {
    static let combinations: [(early: Bool, gap: Bool, manyFractions: Bool, duplicate: Bool)] =
        (0..<16).map { ($0 & 1 != 0, $0 & 2 != 0, $0 & 4 != 0, $0 & 8 != 0) }

    @Test(arguments: combinations)
    func holdsAddUpInEveryCombination(early: Bool, gap: Bool, manyFractions: Bool, duplicate: Bool) throws {
        let candidate = session(
            fractions: manyFractions ? 8 : 1, outcome: early ? .endedByOperator : .completed,
            deliveredMs: early ? 900_000 : 1_800_000, immobilization: .mask, gaps: gap ? ["overrun"] : [],
            number: 2)
        // The duplicate check needs a code: with >5 fractions no code is chosen, so nothing can duplicate it.
        let prior = ChargeRules.PriorCharge(
            id: "GK-4711-000001", patientID: "MRN1", code: "77371", serviceDate: "2026-11-18", voided: !duplicate)
        let decision = try #require(
            ChargeRules.decide(candidate, settings: ChargeSettings(), priorCharges: [prior]).decision)
        var expected: Set<ChargeDecision.HoldReason> = []
        if early { expected.insert(.partialDelivery) }
        if gap { expected.insert(.incompleteRecord) }
        if manyFractions { expected.insert(.unsupportedFractionation) }
        if duplicate && !manyFractions { expected.insert(.duplicateServiceDate) }
        #expect(Set(decision.holdReasons) == expected)
        #expect(decision.holdReasons.count == expected.count, "no reason twice")
        #expect(decision.status == (expected.isEmpty ? .ready : .held))
        #expect(decision.suggestedModifiers == (early ? ["52"] : []) && decision.modifiers.isEmpty)
    }

    @Test func sessionsEitherSideOfLocalMidnightAreDifferentServiceDatesThoughOneUTCDate() throws {
        // 21:30 Chicago on the 28th and 06:00 Chicago on the 29th are both on the 29th in UTC.
        let evening = try #require(ISO8601DateFormatter().date(from: "2026-11-29T03:30:00Z"))
        let morning = try #require(ISO8601DateFormatter().date(from: "2026-11-29T12:00:00Z"))
        let first = try #require(
            ChargeRules.decide(session(number: 1, opened: evening), settings: ChargeSettings()).decision)
        let prior = ChargeRules.PriorCharge(
            id: first.id, patientID: "MRN1", code: "77371", serviceDate: first.serviceDate, voided: false)
        let second = try #require(
            ChargeRules.decide(session(number: 2, opened: morning), settings: ChargeSettings(), priorCharges: [prior])
                .decision)
        #expect(first.serviceDate == "2026-11-28" && second.serviceDate == "2026-11-29")
        #expect(second.status == .ready)
    }
}
