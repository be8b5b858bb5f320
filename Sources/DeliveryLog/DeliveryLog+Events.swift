import ConsoleRecords
import Foundation

extension DeliveryLog {
    mutating func apply(_ event: ConsoleEvent, in batch: inout Batch) {
        let number = event.session != 0 ? event.session : (open.last?.number ?? 0)
        if !event.anomalies.isEmpty, number != 0 {
            withSession(number, in: &batch) { session in
                guard session.hasRoom(in: \.flags, "flags") else { return }
                session.flags.append(
                    SessionFlag(
                        code: "event_anomaly", severity: .warning,
                        message:
                            "event \(event.seq) (type \(event.typeCode)): \(event.anomalies.joined(separator: ", "))",
                        values: ["seq": Double(event.seq), "type": Double(event.typeCode)]))
            }
        }
        guard let kind = event.kind else {
            if number != 0 {
                withSession(number, in: &batch) { session in
                    guard session.hasRoom(in: \.gaps, "gaps") else { return }
                    session.gaps.append(
                        RecordGap(
                            kind: "undefined_event",
                            detail: "event \(event.seq) has type \(event.typeCode), which the profile does not define"))
                }
            }
            return
        }
        switch kind {
        case .sessionOpened:
            for earlier in open where earlier.number < event.session {
                finalizeUnclosed(earlier.number, in: &batch)
            }
            withSession(event.session, in: &batch, opening: true) { session in
                session.kind = session.kind ?? event.sessionKind
                session.openedAt = session.openedAt ?? event.time
                session.eventCount += 1
            }
        case .shotStarted, .interrupted, .resumed, .shotCompleted:
            guard event.session != 0, event.shot > 0 else { return }
            withSession(event.session, in: &batch) { session in
                session.eventCount += 1
                Self.applyShotEvent(event, kind: kind, to: &session)
            }
        case .sessionCompleted, .sessionEndedEarly:
            guard event.session != 0 else { return }
            let applied = withSession(event.session, in: &batch) { session in
                session.eventCount += 1
                session.closedAt = event.time
                if kind == .sessionCompleted {
                    session.outcome = .completed
                } else {
                    session.endReason = event.reason
                    let byMachine: Set<InterruptionReason> = [.consoleFault, .powerLoss]
                    session.outcome =
                        event.reason.map { byMachine.contains($0) } == true ? .endedByFault : .endedByOperator
                }
            }
            if applied { close(event.session, in: &batch) }
        case .fault, .faultCleared:
            guard let target = event.session != 0 ? event.session : open.last?.number else { return }
            withSession(target, in: &batch) { session in
                session.eventCount += 1
                if kind == .fault {
                    guard session.hasRoom(in: \.faults, "faults") else { return }
                    session.faults.append(FaultEpisode(code: event.code, at: event.time))
                } else if let index = session.faults.lastIndex(where: { $0.code == event.code && $0.clearedAt == nil })
                {
                    session.faults[index].clearedAt = event.time
                }
            }
        case .calibrationChanged:
            return
        }
    }

    static func applyShotEvent(_ event: ConsoleEvent, kind: EventKind, to session: inout DeliverySession) {
        var index = session.shots.firstIndex { $0.index == event.shot }
        if index == nil {
            guard session.hasRoom(in: \.shots, "shots") else { return }
            session.shots.append(
                Shot(
                    index: event.shot, sectors: event.sectors, plannedMs: event.shotPlannedMs, deliveredMs: 0,
                    xUm: event.xUm, yUm: event.yUm, zUm: event.zUm, gammaAngle: event.gammaAngle))
            session.shots.sort { $0.index < $1.index }
            index = session.shots.firstIndex { $0.index == event.shot }
        }
        guard let index else { return }
        session.shots[index].deliveredMs = max(session.shots[index].deliveredMs, event.shotDeliveredMs)
        switch kind {
        case .shotStarted:
            session.shots[index].startedAt = session.shots[index].startedAt ?? event.time
        case .interrupted:
            guard session.hasRoom(in: \.interruptions, "interruptions") else { break }
            session.interruptions.append(
                Interruption(
                    shot: event.shot, reason: event.reason, code: event.code, at: event.time,
                    deliveredMs: event.shotDeliveredMs))
        case .resumed:
            if let open = session.interruptions.lastIndex(where: { $0.shot == event.shot && $0.resumedAt == nil }) {
                session.interruptions[open].resumedAt = event.time
            }
        case .shotCompleted:
            session.shots[index].deliveredMs = event.shotDeliveredMs
            session.shots[index].completedAt = event.time
        default:
            break
        }
        session.deliveredMs = max(session.deliveredMs, session.shots.reduce(0) { $0 + $1.deliveredMs })
    }

    /// A session still open when a newer one opens: the console closed it
    /// unseen. Final, but named incomplete; its outcome is not guessed.
    mutating func finalizeUnclosed(_ number: UInt32, in batch: inout Batch) {
        withSession(number, in: &batch) { session in
            session.gaps.append(
                RecordGap(
                    kind: "session_close_not_seen",
                    detail: "session \(number) was still open in the log when a newer session opened"))
        }
        close(number, in: &batch)
    }

    mutating func apply(_ gap: JournalGap, in batch: inout Batch) {
        let detail = "\(gap.kind.rawValue): \(gap.detail)"
        if open.isEmpty && (gap.session == 0 || gap.session <= lastSession && gap.kind != .gatewayRestart) {
            batch.changes.consoleGaps.append(gap)
            return
        }
        for session in open {
            withSession(session.number, in: &batch) {
                $0.gaps.append(RecordGap(kind: gap.kind.rawValue, detail: detail))
            }
        }
        if open.isEmpty { batch.changes.consoleGaps.append(gap) }
    }

    mutating func apply(_ snapshot: SessionSnapshot, in batch: inout Batch) {
        guard snapshot.number != 0 else { return }
        withSession(snapshot.number, in: &batch) { session in
            session.blockRead = true
            session.patient = Patient(
                id: snapshot.patientID, family: snapshot.patientFamilyName, given: snapshot.patientGivenName)
            session.plan = snapshot.plan
            session.kind = session.kind ?? snapshot.kind
            session.fraction = snapshot.fraction
            session.fractionsPlanned = snapshot.fractionsPlanned
            session.targets = snapshot.targets
            session.shotsPlanned = snapshot.shotsPlanned
            session.plannedMs = snapshot.plannedMs
            session.prescribedDoseMgy = snapshot.prescribedDoseMgy
            session.prescriptionIsodose = snapshot.prescriptionIsodose
            session.sessionDoseRate = snapshot.sessionDoseRate
            session.immobilization = snapshot.immobilization
            session.operatorID = snapshot.operatorID
            session.openedAt = session.openedAt ?? snapshot.openedAt
            // The console's totals can only exceed ours when events were lost.
            session.deliveredMs = max(session.deliveredMs, snapshot.deliveredMs)
            if !snapshot.invalidFields.isEmpty {
                session.gaps.append(
                    RecordGap(
                        kind: "session_block_invalid",
                        detail: "unreadable session block fields: \(snapshot.invalidFields.joined(separator: ", "))"))
            }
        }
        // The block says closed: the close event may still come later in this
        // batch (from a new journal after a restart). Decide at the batch's end.
        if let outcome = snapshot.outcome, outcome != .open, open.contains(where: { $0.number == snapshot.number }) {
            batch.closedByBlock[snapshot.number] = (outcome, snapshot.closedAt)
        }
    }

    /// Closes sessions whose block said closed when no close event came in the batch.
    mutating func closeFromBlocks(in batch: inout Batch) {
        for (number, closing) in batch.closedByBlock.sorted(by: { $0.key < $1.key }) {
            guard open.contains(where: { $0.number == number }) else { continue }
            withSession(number, in: &batch) { session in
                session.outcome = closing.outcome
                session.closedAt = closing.closedAt
                session.gaps.append(
                    RecordGap(
                        kind: "session_close_not_seen",
                        detail: "closed at the console (\(closing.outcome.rawValue)) without its close event being read"
                    ))
            }
            close(number, in: &batch)
        }
    }
}

extension DeliverySession {
    /// Whether the list at `list` may take one more entry. A console repeating events without end (a fault, or a
    /// device answering as the gateway) would grow a session's lists, and every poll's write of it, without
    /// bound: at ``DeliveryLog/maximumListEntries`` the list stops, and the record says it was cut short (a gap,
    /// so its charge is held for a person).
    mutating func hasRoom<Element>(in list: WritableKeyPath<DeliverySession, [Element]>, _ name: String) -> Bool {
        guard self[keyPath: list].count >= DeliveryLog.maximumListEntries else { return true }
        if !gaps.contains(where: { $0.kind == "record_cut_short" }) {
            gaps.append(
                RecordGap(
                    kind: "record_cut_short",
                    detail:
                        "more than \(DeliveryLog.maximumListEntries) \(name): the console's further ones were not kept")
            )
        }
        return false
    }
}
