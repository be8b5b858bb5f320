import ConsoleRecords
import DeliveryLog
import Foundation

/// Builds journal records the way the driver returns them, for tests without I/O.
struct JournalScript {
    var boot: UInt32 = 1
    var seq: UInt32 = 0
    var time = Date(timeIntervalSince1970: 1_795_000_000)
    var records: [JournalRecord] = []

    mutating func event(
        _ kind: EventKind?, session: UInt32 = 7, shot: Int = 0, planned: Int64 = 0, delivered: Int64 = 0,
        reason: InterruptionReason? = nil, code: Int = 0, sessionKind: SessionKind? = nil, typeCode: Int? = nil,
        anomalies: [String] = [], after seconds: Double = 10
    ) {
        seq += 1
        time += seconds
        records.append(
            .event(
                ConsoleEvent(
                    bootID: boot, seq: seq, time: time, kind: kind, typeCode: typeCode, session: session, shot: shot,
                    sectors: shot == 0 ? [] : [16, 16, 8, 8, 4, 4, 0, 16], shotPlannedMs: planned,
                    shotDeliveredMs: delivered, code: code, reason: reason, gammaAngle: shot == 0 ? 0 : 90,
                    sessionKind: sessionKind, anomalies: anomalies)))
    }

    mutating func open(_ session: UInt32 = 7, kind: SessionKind = .treatment) {
        event(.sessionOpened, session: session, sessionKind: kind)
    }

    mutating func shot(_ index: Int, session: UInt32 = 7, planned: Int64 = 60_000, delivered: Int64? = nil) {
        event(.shotStarted, session: session, shot: index, planned: planned)
        event(
            .shotCompleted, session: session, shot: index, planned: planned, delivered: delivered ?? planned, after: 60)
    }

    mutating func snapshot(
        _ session: UInt32 = 7, outcome: SessionOutcome = .open, plannedMs: Int64 = 120_000, deliveredMs: Int64 = 0,
        fractions: Int = 1, doseRate: Int64 = 0, invalid: [String] = [], kind: SessionKind = .treatment
    ) {
        records.append(
            .session(
                SessionSnapshot(
                    number: session, patientID: "MRN1", patientFamilyName: "DOE", patientGivenName: "JANE",
                    plan: "PLAN",
                    kind: kind, fractionsPlanned: fractions, shotsPlanned: 2, plannedMs: plannedMs,
                    deliveredMs: deliveredMs, prescribedDoseMgy: 20_000, sessionDoseRate: doseRate, operatorID: "RTT1",
                    openedAt: Date(timeIntervalSince1970: 1_795_000_010), closedAt: outcome == .open ? nil : time,
                    outcome: outcome, invalidFields: invalid)))
    }

    mutating func gap(_ kind: JournalGap.Kind, session: UInt32 = 7) {
        records.append(.gap(JournalGap(kind: kind, bootID: boot, firstSeq: seq + 1, session: session, detail: "test")))
    }

    /// A complete two-shot session `number` with its blocks, optionally ended some other way.
    mutating func wholeSession(_ number: UInt32 = 7, delivered: Int64? = nil) {
        open(number)
        snapshot(number)
        shot(1, session: number)
        shot(2, session: number, delivered: delivered)
        event(.sessionCompleted, session: number)
        snapshot(number, outcome: .completed, deliveredMs: 60_000 + (delivered ?? 60_000))
    }

    mutating func take() -> [JournalRecord] {
        defer { records = [] }
        return records
    }
}

extension DeliveryLog {
    static func test() -> DeliveryLog {
        DeliveryLog(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"))
    }
}
