import ChargeCapture
import Testing

/// What an ADT message does to what is on file, decided with no store: each row the facts a store read and
/// the steps it must perform.
@Suite struct ADTApplicationTests {
    static let coverage = Coverage(priority: 1, planID: "UHC-CHOICE", companyID: "87726", source: .adt)
    static let authorization = Authorization(
        id: "A1", payerID: "uhc", number: "N1", validFrom: "2026-11-01", validTo: "2027-01-31", source: .adt)

    typealias Row = (change: CoverageChange, appliedBefore: Bool, survivor: String, steps: [ADTApplication.Step])

    static let rows: [Row] = [
        (
            .coverage(controlID: "M1", patient: "P1", coverages: [coverage], authorizations: [authorization]),
            false, "P1",
            [
                .keepMessage, .replaceFeedCoverage(patient: "P1", coverages: [coverage]),
                .putAuthorization(authorization, patient: "P1"), .redecideHeld(patient: "P1"),
            ]
        ),
        (
            .coverage(controlID: "M2", patient: "P1", coverages: [], authorizations: []), false, "P1",
            [.keepMessage, .replaceFeedCoverage(patient: "P1", coverages: []), .redecideHeld(patient: "P1")]
        ),
        (.coverage(controlID: "M1", patient: "P1", coverages: [coverage], authorizations: []), true, "P1", []),
        (
            .coverage(
                controlID: "M6", patient: "P1", coverages: [], authorizations: [],
                diagnoses: [Diagnosis(code: "C79.31", source: .adt)]),
            false, "P1",
            [
                .keepMessage, .replaceFeedCoverage(patient: "P1", coverages: []),
                .replaceFeedDiagnoses(patient: "P1", diagnoses: [Diagnosis(code: "C79.31", source: .adt)]),
                .redecideHeld(patient: "P1"),
            ]
        ),
        (
            .merge(controlID: "M3", old: "OLD", patient: "P1"), false, "P1",
            [.keepMessage, .recordMerge(old: "OLD", patient: "P1"), .redecideHeld(patient: "P1")]
        ),
        (.merge(controlID: "M4", old: "P1", patient: "P1"), false, "P1", [.keepMessage]),
        (.merge(controlID: "M5", old: "OLD", patient: "P1"), false, "OLD", [.keepMessage]),
        (.merge(controlID: "M3", old: "OLD", patient: "P1"), true, "P1", []),
    ]

    @Test(arguments: rows.indices)
    func aMessageDoesExactlyItsStepsOnceAndAMergeThatWouldLoopDoesNothing(row: Int) {
        let (change, appliedBefore, survivor, steps) = Self.rows[row]
        #expect(ADTApplication.steps(change, appliedBefore: appliedBefore, survivorResolvesTo: survivor) == steps)
    }

    @Test func theChangesOfAMessageAreByTheMessage() {
        #expect(CoverageChange.merge(controlID: "M9", old: "A", patient: "B").cause == "ADT M9")
        #expect(CoverageChange.merge(controlID: "M9", old: "A", patient: "B").patient == "B")
    }
}
