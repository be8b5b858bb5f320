import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import Testing

/// A coverage as the feed sends it.
func feed(
    _ company: String?, name: String? = nil, priority: Int = 1, planType: String? = nil, from: String? = "2026-01-01",
    to: String? = nil
)
    -> Coverage
{
    Coverage(
        priority: priority, planID: "PLAN-\(company ?? "X")", companyID: company, companyName: name, planType: planType,
        effective: from, expires: to, memberID: "W1", source: .adt)
}

/// An authorization from `payer`.
func authorization(
    _ payer: String = "uhc", from: String = "2026-11-01", to: String = "2027-01-31", codes: [String]? = nil,
    units: Int? = nil, revoked: String? = nil, id: String = "AUTH1"
) -> Authorization {
    Authorization(
        id: id, payerID: payer, number: "A-\(id)", validFrom: from, validTo: to, codes: codes, units: units,
        source: .api, revokedReason: revoked)
}

/// A diagnosis on file (diagnoses.md).
func dx(
    _ code: String, system: String = "I10", priority: Int? = nil, from: String? = nil, to: String? = nil,
    source: Coverage.Source = .adt, order: Int = 0
) -> Diagnosis {
    Diagnosis(code: code, system: system, priority: priority, from: from, to: to, source: source, order: order)
}

/// An ABN on file for `payer`.
func abn(
    _ payer: String = "medicare", signed: String = "2026-11-10", to: String = "2027-11-09", codes: [String]? = nil,
    revoked: String? = nil
) -> ABN {
    ABN(id: "ABN1", payerID: payer, signed: signed, codes: codes, validTo: to, revokedReason: revoked)
}

/// A patient's situation with payers, and the payer holds it must add.
struct PayerCase: CustomTestStringConvertible, Sendable {
    var name: String
    var settings: PayerSettings?
    var coverage: PatientCoverage
    var holds: [ChargeDecision.HoldReason]
    var testDescription: String { name }
}

/// A base row of charge-rules.md that makes a charge, and the holds it has of its own.
struct BaseRow: CustomTestStringConvertible, Sendable {
    var name: String
    var session: DeliverySession
    var prior: [ChargeRules.PriorCharge]
    var holds: [ChargeDecision.HoldReason]
    var testDescription: String { name }
}

@Suite struct PayerRulesTests {
    static var unmatchedReady: PayerSettings {
        var settings = PayerSettings.example
        settings.unmatched = .ready
        return settings
    }
    static var coverageOptional: PayerSettings {
        var settings = PayerSettings.example
        settings.coverageRequired = false
        return settings
    }
    static var diagnosisRequired: PayerSettings {
        var settings = PayerSettings.example
        settings.diagnosisRequired = true
        return settings
    }
    /// Medicare's policy covering C79 but never C79.9.
    static var narrowMedicare: PayerSettings {
        var settings = PayerSettings.example
        settings.payers[0].policy = MedicalPolicy(name: "narrow", covered: ["C79"], notCovered: ["C79.9"])
        return settings
    }

    // 2026-11-18 in Chicago is the service date of every base row.
    static let cases: [PayerCase] = [
        PayerCase(name: "payer checks off", settings: nil, coverage: .init(), holds: []),
        PayerCase(
            name: "P1 no coverage on file", settings: PayerSettings.example, coverage: .init(),
            holds: [.coverageUnknown]),
        PayerCase(name: "P1 off when coverage is optional", settings: coverageOptional, coverage: .init(), holds: []),
        PayerCase(
            name: "P1 coverage ended the day before", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS", to: "2026-11-17")]), holds: [.coverageUnknown]),
        PayerCase(
            name: "P1 coverage starting the day after", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS", from: "2026-11-19")]), holds: [.coverageUnknown]),
        PayerCase(
            name: "P2 unrecognised payer held", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("ACME", name: "ACME HEALTH")]), holds: [.payerUnrecognized]),
        PayerCase(
            name: "P2 unrecognised payer ready when configured", settings: unmatchedReady,
            coverage: .init(coverages: [feed("ACME")]), holds: []),
        PayerCase(
            name: "Medicare needs no authorization", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("MEDICARE")]), holds: []),
        PayerCase(
            name: "Medicare by plan type", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("XYZ", planType: "mc")]), holds: []),
        PayerCase(
            name: "P3 UHC without authorization", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("87726")]), holds: [.authorizationMissing]),
        PayerCase(
            name: "P3 UHC by name, any case", settings: PayerSettings.example,
            coverage: .init(coverages: [feed(nil, name: "UnitedHealthcare Choice Plus")]),
            holds: [.authorizationMissing]),
        PayerCase(
            name: "UHC with a live authorization", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization()]), holds: []),
        PayerCase(
            name: "UHC authorization ending on the service date still covers it", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization(to: "2026-11-18")]), holds: []),
        PayerCase(
            name: "P3 UHC authorization lapsed the day before", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization(to: "2026-11-17")]),
            holds: [.authorizationMissing]),
        PayerCase(
            name: "P3 UHC authorization used up", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization(units: 1)], used: ["AUTH1": 1]),
            holds: [.authorizationMissing]),
        PayerCase(
            name: "P3 UHC authorization revoked", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization(revoked: "entered in error")]),
            holds: [.authorizationMissing]),
        PayerCase(
            name: "P3 an Aetna authorization does not cover UHC", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization("aetna")]),
            holds: [.authorizationMissing]),
        PayerCase(
            name: "the primary decides: Medicare first, UHC second", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC", priority: 2), feed("CMS", priority: 1)]), holds: []),
        PayerCase(
            name: "P3 the primary decides: UHC first, Medicare second", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS", priority: 2), feed("UHC", priority: 1)]),
            holds: [.authorizationMissing]),
        PayerCase(
            name: "P3 BCBS (Anthem) without authorization", settings: PayerSettings.example,
            coverage: .init(coverages: [feed(nil, name: "ANTHEM BLUE CROSS")]), holds: [.authorizationMissing]),
        PayerCase(
            name: "P4 no diagnosis on file, required", settings: diagnosisRequired,
            coverage: .init(coverages: [feed("CMS")]), holds: [.diagnosisMissing]),
        PayerCase(
            name: "P4 off unless required", settings: PayerSettings.example, coverage: .init(coverages: [feed("CMS")]),
            holds: []),
        PayerCase(
            name: "P4 a diagnosis that ended the day before", settings: diagnosisRequired,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("C71.9", to: "2026-11-17")]),
            holds: [.diagnosisMissing]),
        PayerCase(
            name: "P4 adds up with P1", settings: diagnosisRequired, coverage: .init(),
            holds: [.coverageUnknown, .diagnosisMissing]),
        PayerCase(
            name: "P5 Medicare, a covered diagnosis", settings: diagnosisRequired,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("C79.31", from: "2026-11-01")]), holds: []),
        PayerCase(
            name: "P5 covered without the dot, in lower case", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("c7931")]), holds: []),
        PayerCase(
            name: "P5 Medicare, an uncovered diagnosis", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")]), holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 one covered diagnosis among uncovered ones is enough", settings: PayerSettings.example,
            coverage: .init(
                coverages: [feed("CMS")], diagnoses: [dx("G40.909", priority: 1), dx("D32.0", priority: 2)]),
            holds: []),
        PayerCase(
            name: "P5 Medicare, uncovered, a live ABN lets it go out", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn()]), holds: []),
        PayerCase(
            name: "P5 an ABN signed after the service does not count", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn(signed: "2026-11-19")]),
            holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 a lapsed ABN does not count", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn(to: "2026-11-17")]),
            holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 a revoked ABN does not count", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn(revoked: "error")]),
            holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 an ABN for another code does not count", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn(codes: ["77300"])]),
            holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 an ABN for another payer does not count", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn("uhc")]),
            holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 UHC takes no ABN", settings: PayerSettings.example,
            coverage: .init(
                coverages: [feed("UHC")], authorizations: [authorization()], diagnoses: [dx("G40.909")],
                abns: [abn("uhc")]), holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 adds up with P3", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("UHC")], diagnoses: [dx("G40.909")]),
            holds: [.authorizationMissing, .medicalNecessity]),
        PayerCase(
            name: "P5 BCBS calls epilepsy investigational", settings: PayerSettings.example,
            coverage: .init(
                coverages: [feed(nil, name: "BLUE CROSS")], authorizations: [authorization("bcbs")],
                diagnoses: [dx("G40.1")]), holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 not_covered beats a covered prefix", settings: narrowMedicare,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("C79.9")]), holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 the covered prefix alone", settings: narrowMedicare,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("C79.31")]), holds: []),
        PayerCase(
            name: "P5 an ICD-9 code is kept but never matched", settings: PayerSettings.example,
            coverage: .init(coverages: [feed("CMS")], diagnoses: [dx("191.9", system: "I9")]),
            holds: [.medicalNecessity]),
        PayerCase(
            name: "P5 needs a payer: an unrecognised one let through checks no policy", settings: unmatchedReady,
            coverage: .init(coverages: [feed("ACME")], diagnoses: [dx("G40.909")]), holds: []),
    ]

    static let rows: [BaseRow] = [
        BaseRow(name: "row 3 single session", session: session(), prior: [], holds: []),
        BaseRow(name: "row 4 fraction of 3", session: session(fractions: 3), prior: [], holds: []),
        BaseRow(
            name: "row 5 ten fractions", session: session(fractions: 10), prior: [], holds: [.unsupportedFractionation]),
        BaseRow(
            name: "row 6 early end", session: session(outcome: .endedByFault, deliveredMs: 600_000), prior: [],
            holds: [.partialDelivery]),
        BaseRow(name: "row 7 gap", session: session(gaps: ["overrun"]), prior: [], holds: [.incompleteRecord]),
        BaseRow(
            name: "row 8 duplicate", session: session(),
            prior: [
                .init(id: "GK-5822-000009", patientID: "MRN1", code: "77371", serviceDate: "2026-11-18", voided: false)
            ],
            holds: [.duplicateServiceDate]),
    ]

    @Test(arguments: cases, rows)
    func payerHoldsAddUpWithTheHoldsOfEveryRowThatCharges(payer: PayerCase, row: BaseRow) throws {
        var settings = ChargeSettings()
        settings.payers = payer.settings
        let decision = try #require(
            ChargeRules.decide(row.session, settings: settings, priorCharges: row.prior, coverage: payer.coverage)
                .decision)
        var expected = row.holds + payer.holds
        // A charge with no code (row 5) can be covered by no authorization.
        if row.session.fractionsPlanned == 10,
            payer.coverage.inForce(on: "2026-11-18").first.map({ payer.settings?.payer(of: $0)?.priorAuthorization })
                == true,
            !expected.contains(.authorizationMissing)
        {
            // P3 comes before P4 and P5.
            let at = expected.firstIndex { $0 == .diagnosisMissing || $0 == .medicalNecessity } ?? expected.endIndex
            expected.insert(.authorizationMissing, at: at)
        }
        #expect(decision.holdReasons == expected)
        #expect(decision.status == (expected.isEmpty ? .ready : .held))
    }

    @Test(arguments: [SessionKind.qa, .service])
    func rows1And9NeverChargeWhateverTheCoverage(kind: SessionKind) {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        #expect(ChargeRules.decide(session(kind: kind), settings: settings) == .noCharge(.notATreatment))
        #expect(ChargeRules.decide(session(final: false), settings: settings) == .noCharge(.sessionOpen))
        #expect(
            ChargeRules.decide(session(outcome: .endedByOperator, deliveredMs: 0), settings: settings)
                == .noCharge(.notDelivered))
    }

    @Test func unitsAreCountedAcrossTheFractionsOfA77373Course() throws {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        let course = authorization(codes: ["77373"], units: 3)
        for (used, covered) in [(0, true), (1, true), (2, true), (3, false)] {
            let coverage = PatientCoverage(coverages: [feed("UHC")], authorizations: [course], used: ["AUTH1": used])
            let decision = try #require(
                ChargeRules.decide(session(fractions: 3), settings: settings, coverage: coverage).decision)
            #expect(decision.holdReasons == (covered ? [] : [.authorizationMissing]), "after \(used) fractions")
            #expect((decision.coverage?.authorization?.id == "AUTH1") == covered)
        }
        // A 77373 authorization does not cover single-session radiosurgery.
        let coverage = PatientCoverage(coverages: [feed("UHC")], authorizations: [course])
        let single = try #require(ChargeRules.decide(session(), settings: settings, coverage: coverage).decision)
        #expect(single.holdReasons == [.authorizationMissing])
    }

    @Test func anAuthorizationLapsesAtMidnightInTheFacilitysZone() throws {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        let coverage = PatientCoverage(coverages: [feed("UHC")], authorizations: [authorization(to: "2026-11-18")])
        // 2026-11-18 23:59:30 CST is 2026-11-19T05:59:30Z; half a minute past midnight is 06:00:30Z.
        let before = try #require(ISO8601DateFormatter().date(from: "2026-11-19T05:59:30Z"))
        let after = try #require(ISO8601DateFormatter().date(from: "2026-11-19T06:00:30Z"))
        let last = try #require(
            ChargeRules.decide(session(opened: before), settings: settings, coverage: coverage).decision)
        let next = try #require(
            ChargeRules.decide(session(opened: after), settings: settings, coverage: coverage).decision)
        #expect(last.holdReasons.isEmpty && last.serviceDate == "2026-11-18")
        #expect(next.holdReasons == [.authorizationMissing] && next.serviceDate == "2026-11-19")
    }

    @Test func thePrimaryPayersModifiersReplaceTheFacilitysAndTheNotesSaySo() throws {
        var settings = ChargeSettings()
        settings.modifiers = ["XX"]
        var payers = PayerSettings.example
        payers.payers[4].modifiers = ["TC"]
        settings.payers = payers
        let coverage = PatientCoverage(
            coverages: [feed(nil, name: "BCBS OF TEXAS")], authorizations: [authorization("bcbs")])
        let decision = try #require(ChargeRules.decide(session(), settings: settings, coverage: coverage).decision)
        #expect(decision.modifiers == ["TC"] && decision.status == .ready)
        #expect(decision.notes.contains { $0.contains("TC") && $0.contains("Blue Cross Blue Shield") })
        let medicare = try #require(
            ChargeRules.decide(session(), settings: settings, coverage: .init(coverages: [feed("CMS")])).decision)
        #expect(medicare.modifiers == ["XX"])
    }

    @Test func theChargeCarriesThePrimaryCoverageAndTheAuthorizationItUses() throws {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        let coverage = PatientCoverage(
            coverages: [feed("CMS", priority: 2), feed("87726", name: "UNITEDHEALTHCARE")],
            authorizations: [
                authorization(to: "2027-03-01", id: "LATER"), authorization(to: "2026-12-01", id: "SOONER"),
            ])
        let decision = try #require(ChargeRules.decide(session(), settings: settings, coverage: coverage).decision)
        let carried = try #require(decision.coverage)
        #expect(carried.payer == "uhc" && carried.payerName == "UnitedHealthcare" && carried.companyID == "87726")
        #expect(carried.priority == 1 && carried.memberID == "W1" && carried.all.map(\.priority) == [1, 2])
        #expect(carried.authorization?.id == "SOONER", "the authorization that lapses first is used first")
    }

    @Test func aHeldChargeIsReleasedWhenItsAuthorizationArrivesAndKeepsItsOtherHolds() throws {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        let none = PatientCoverage(coverages: [feed("UHC")])
        let now = Date(timeIntervalSince1970: 1_795_100_000)
        var (charge, _) = ChargeRules.charge(for: session(), settings: settings, coverage: none, logHash: nil, at: now)
        var held = try #require(charge)
        #expect(held.holdReasons == [.authorizationMissing])
        let arrived = PayerRules.check(
            code: "77371", on: "2026-11-18",
            coverage: .init(coverages: [feed("UHC")], authorizations: [authorization()]),
            settings: PayerSettings.example)
        let redecided = held.redecidePayers(
            arrived, facilityModifiers: [], release: .automatic, signed: false, cause: "ADT MSG42", at: now)
        let entry = try #require(redecided)
        #expect(held.status == .ready && held.holdReasons.isEmpty && held.readyAt == now)
        #expect(
            entry.action == "redecided" && entry.reason?.contains("authorization_missing lifted by ADT MSG42") == true)
        let again = held.redecidePayers(
            arrived, facilityModifiers: [], release: .automatic, signed: false, cause: "again", at: now)
        #expect(again == nil)

        (charge, _) = ChargeRules.charge(
            for: session(outcome: .endedByFault, deliveredMs: 600_000), settings: settings, coverage: none,
            logHash: nil,
            at: now)
        var partial = try #require(charge)
        _ = partial.redecidePayers(
            arrived, facilityModifiers: [], release: .automatic, signed: false, cause: "x", at: now)
        #expect(partial.status == .held && partial.holdReasons == [.partialDelivery])

        (charge, _) = ChargeRules.charge(for: session(), settings: settings, coverage: none, logHash: nil, at: now)
        var review = try #require(charge)
        _ = review.redecidePayers(
            arrived, facilityModifiers: [], release: .afterReview, signed: false, cause: "x", at: now)
        #expect(review.status == .pendingReview)
    }

    @Test func aChargeThatIsNotHeldNeverChangesWhenCoverageArrives() throws {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        let now = Date(timeIntervalSince1970: 1_795_100_000)
        let (made, _) = ChargeRules.charge(
            for: session(), settings: settings, coverage: .init(coverages: [feed("CMS")]), logHash: nil, at: now)
        var ready = try #require(made)
        let uhc = PayerRules.check(
            code: "77371", on: "2026-11-18", coverage: .init(coverages: [feed("UHC")]), settings: PayerSettings.example)
        let unchanged = ready.redecidePayers(
            uhc, facilityModifiers: [], release: .automatic, signed: false, cause: "x", at: now)
        #expect(unchanged == nil)
        #expect(ready.status == .ready)
    }
}

/// What rules P4 and P5 put on the charge: its diagnoses in claim order, the policy's outcome, `GA`.
@Suite struct MedicalNecessityTests {
    var settings: ChargeSettings {
        var settings = ChargeSettings()
        settings.payers = PayerSettings.example
        return settings
    }

    @Test func aCoveredChargeCarriesItsDiagnosesInClaimOrderAndTheFirstThatTheP5PolicyCovers() throws {
        let coverage = PatientCoverage(
            coverages: [feed("CMS")],
            diagnoses: [
                dx("Z51.0", order: 3), dx("G40.909", priority: 1, order: 1), dx("D32.0", priority: 2, order: 2),
                dx("C79.31", priority: 2, source: .api), dx("C71.9", from: "2026-12-01", order: 4),
            ])
        let decision = try #require(ChargeRules.decide(session(), settings: settings, coverage: coverage).decision)
        #expect(decision.holdReasons.isEmpty)
        #expect(decision.diagnoses.map(\.code) == ["G40.909", "C79.31", "D32.0", "Z51.0"])
        #expect(decision.diagnoses.map(\.priority) == [1, 2, 3, 4])
        #expect(decision.medicalNecessity == MedicalNecessity(policy: "LCD L35076 (example)", coveredBy: "C79.31"))
        #expect(!decision.modifiers.contains("GA"))
    }

    @Test func anABNAddsGAAfterThePayersModifiersAndTheChargeSaysWhichNotice() throws {
        var settings = settings
        settings.payers?.payers[0].modifiers = ["TC"]
        let coverage = PatientCoverage(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn()])
        let decision = try #require(ChargeRules.decide(session(), settings: settings, coverage: coverage).decision)
        #expect(decision.holdReasons.isEmpty && decision.modifiers == ["TC", "GA"])
        #expect(decision.medicalNecessity?.abn?.id == "ABN1" && decision.medicalNecessity?.coveredBy == nil)
        #expect(decision.notes.contains { $0.contains("ABN ABN1") && $0.contains("GA") })
    }

    @Test func aPayerWithoutAPolicyOrNoDiagnosisLeavesNoOutcome() throws {
        var settings = settings
        settings.payers?.payers[0].policy = nil
        let withDiagnosis = PatientCoverage(coverages: [feed("CMS")], diagnoses: [dx("G40.909")])
        let none = try #require(ChargeRules.decide(session(), settings: settings, coverage: withDiagnosis).decision)
        #expect(none.medicalNecessity == nil && none.holdReasons.isEmpty && none.diagnoses.count == 1)
        let bare = try #require(
            ChargeRules.decide(session(), settings: self.settings, coverage: .init(coverages: [feed("CMS")])).decision)
        #expect(bare.medicalNecessity == nil && bare.diagnoses.isEmpty)
    }

    @Test func aHeldChargeIsReleasedByAnABNWithGAAndByACorrectedDiagnosis() throws {
        let held = try #require(
            ChargeRules.charge(
                for: session(), settings: settings,
                coverage: PatientCoverage(coverages: [feed("CMS")], diagnoses: [dx("G40.909")]), logHash: nil,
                at: Date()
            ).0)
        #expect(held.status == .held && held.holdReasons == [.medicalNecessity])
        let signedABN = PatientCoverage(coverages: [feed("CMS")], diagnoses: [dx("G40.909")], abns: [abn()])
        let released = try #require(
            held.redecided(coverage: signedABN, signed: false, settings: settings, cause: "coder", at: Date()))
        #expect(released.charge.status == .ready && released.charge.modifiers == ["GA"])
        #expect(released.entry.reason == "medical_necessity lifted by coder")
        let corrected = PatientCoverage(coverages: [feed("CMS")], diagnoses: [dx("C79.31", source: .api)])
        let covered = try #require(
            held.redecided(coverage: corrected, signed: false, settings: settings, cause: "ADT M2", at: Date()))
        #expect(covered.charge.status == .ready && covered.charge.modifiers.isEmpty)
        #expect(covered.charge.medicalNecessity?.coveredBy == "C79.31")
        // An ABN revoked before the charge went out: decided again, held again.
        var revoked = signedABN
        revoked.abns[0].revokedReason = "signed after the service"
        #expect(
            released.charge.redecided(coverage: revoked, signed: false, settings: settings, cause: "c", at: Date())
                == nil, "a ready charge never changes this way")
    }

    @Test func aChargeStoredBeforeDiagnosesDecodesWithNone() throws {
        let charge = try #require(
            ChargeRules.charge(
                for: session(), settings: ChargeSettings(), logHash: nil, at: Date(timeIntervalSince1970: 1_795_000_100)
            ).0)
        var object = try #require(
            JSONSerialization.jsonObject(with: Charge.encoder().encode(charge)) as? [String: Any])
        #expect(object["diagnoses"] as? [Any] != nil && object.keys.contains("medical_necessity"))
        object["diagnoses"] = nil
        object["medical_necessity"] = nil
        let old = try Charge.decoder().decode(Charge.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old == charge)
    }
}

/// ICD-10-CM as diagnoses.md reads it.
@Suite struct ICD10CMTests {
    @Test(arguments: [
        ("C79.31", true), ("C7931", true), ("c79.31", true), ("G50.0", true), ("Q28.2", true), ("D35.2", true),
        ("C71", true), ("S06.0X1A", true), ("C4A.0", true), ("C7B.00", true), ("Z51.0", true),
        ("U07.1", false), ("C79.312345", false), ("C7", false), ("791.9", false), ("", false), ("C79..3", false),
        ("C79.", false), ("CC9.1", false), ("C79 31", false), ("C79-31", false), ("C7C.1", false),
    ])
    func aCodeIsShapedLikeICD10CMOrNot(code: String, wellFormed: Bool) {
        #expect(ICD10CM.isWellFormed(code) == wellFormed)
    }

    @Test(arguments: [
        ("C79.3", "C79.31", true), ("C793", "C79.32", true), ("c79.3", "C79.31", true), ("C79.3", "C79.4", false),
        ("C71", "C71.9", true), ("D32", "D33.3", false),
    ])
    func prefixesMatchWithoutDotsAndCase(prefix: String, code: String, matches: Bool) {
        #expect(ICD10CM.code(code, isUnder: prefix) == matches)
    }

    @Test(arguments: [
        ("C71", true), ("C79.31", true), ("G50.0", true), ("C", true), ("79.3", false), ("C7..9", false),
        ("C79.", false), ("", false), ("C79 3", false),
    ])
    func aPolicyPrefixIsALetterThenLettersOrDigits(prefix: String, valid: Bool) {
        #expect(ICD10CM.isPolicyPrefix(prefix) == valid)
    }

    @Test func onlyICD10CMSystemsCount() {
        #expect(dx("C71.9", system: "icd10cm").countsForNecessity && dx("C71.9", system: "ICD10").countsForNecessity)
        #expect(!dx("191.9", system: "I9").countsForNecessity && !dx("C71.9", system: "SNOMED").countsForNecessity)
        #expect(!dx("XYZ").countsForNecessity)
    }
}
