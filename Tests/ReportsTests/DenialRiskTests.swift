import ChargeCapture
import DeliveryLog
import Foundation
import Testing

@testable import Reports

/// The denial-risk view: charges held and released by reason and payer, and the charge lag.
@Suite struct DenialRiskTests {
    let closed = Date(timeIntervalSince1970: 1_795_000_000)

    func charge(
        _ number: UInt32, status: Charge.Status, holds: [ChargeDecision.HoldReason], payer: String?,
        readyAfterHours: Double?
    ) throws -> Charge {
        var session = DeliverySession(
            console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"), number: number)
        session.kind = .treatment
        session.fractionsPlanned = 1
        session.outcome = .completed
        session.openedAt = closed.addingTimeInterval(-1800)
        session.closedAt = closed
        session.plannedMs = 1_800_000
        session.deliveredMs = 1_800_000
        session.final = true
        var made = try #require(
            ChargeRules.charge(for: session, settings: ChargeSettings(), logHash: nil, at: closed).0)
        made.status = status
        made.holdReasons = holds
        made.readyAt = readyAfterHours.map { closed.addingTimeInterval($0 * 3600) }
        made.createdAt = closed
        if let payer {
            var settings = ChargeSettings()
            settings.payers = .example
            let coverage = PatientCoverage(
                coverages: [Coverage(priority: 1, planID: "P", companyID: payer, source: .adt)])
            made.coverage = ChargeRules.decide(session, settings: settings, coverage: coverage).decision?.coverage
        }
        return made
    }

    @Test func heldAndReleasedAreCountedByReasonAndPayerWithTheMedianLag() throws {
        let charges = [
            try charge(1, status: .exported, holds: [], payer: "CMS", readyAfterHours: 0),
            try charge(2, status: .ready, holds: [], payer: "CMS", readyAfterHours: 4),
            try charge(3, status: .held, holds: [.medicalNecessity], payer: "CMS", readyAfterHours: nil),
            try charge(4, status: .ready, holds: [], payer: "87726", readyAfterHours: 10),
            try charge(5, status: .held, holds: [.coverageUnknown], payer: nil, readyAfterHours: nil),
        ]
        let histories: [String: [ChargeHistoryEntry]] = [
            charges[1].id: [
                .init(
                    at: closed, actor: "gammalogd", action: "created", from: nil, to: .held, reason: "medical_necessity"
                ),
                .init(
                    at: closed, actor: "gammalogd", action: "redecided", from: .held, to: .ready,
                    reason: "medical_necessity lifted by coder"),
            ],
            charges[3].id: [
                .init(
                    at: closed, actor: "gammalogd", action: "created", from: nil, to: .held,
                    reason: "authorization_missing")
            ],
        ]
        let risk = DenialRisk(month: "2026-11", charges: charges, histories: histories)
        #expect(risk.charges == 5)
        #expect(
            risk.rows.map { "\($0.reason) \($0.payer) \($0.held)/\($0.released)/\($0.stillHeld)" } == [
                "medical_necessity Medicare 2/1/1", "authorization_missing UnitedHealthcare 1/1/0",
                "coverage_unknown no coverage on file 1/0/1",
            ])
        #expect(risk.medianLagHours == 4)
        let page = DenialRiskPage(risk)
        #expect(page.rows.first?.heldWidth == 600 && page.rows.first?.releasedWidth == 300 && page.lag == "4.0 h")
    }
}
