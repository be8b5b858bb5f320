import Console
import ConsoleRecords
import Foundation

extension ConsoleModel {
    /// Writes `event` into the next journal slot and updates the blocks.
    mutating func record(_ event: ScriptEvent) {
        head += 1
        eventsWritten += 1
        history.append(
            WrittenEvent(bootID: bootID, seq: head, kind: event.kind, session: event.session, shot: event.shot))
        let time = clock.timeIntervalSince1970
        let seconds = UInt32(time)
        let millis = UInt32(((time - Double(seconds)) * 1000).rounded(.down))
        let typeCode = Vocabulary.code(of: event.kind, in: profile.vocabulary.eventKinds) ?? 0
        var detail: UInt32 = 0
        if let opened = event.opened {
            detail = UInt32(Vocabulary.code(of: opened.kind, in: profile.vocabulary.sessionKinds) ?? 0)
        }
        let sectors = profile.vocabulary.sectorsRegister(event.sectors) ?? 0
        var slot = [UInt16](repeating: 0, count: slotSize)
        let values: [String: FieldValue] = [
            "seq": .unsigned(head), "time": .unsigned(seconds), "millis": .unsigned(millis),
            "type": .unsigned(UInt32(typeCode)), "session_number": .unsigned(event.session),
            "shot": .unsigned(UInt32(event.shot)), "sectors": .unsigned(UInt32(sectors)),
            "shot_planned": .unsigned(UInt32(event.plannedMs)),
            "shot_delivered": .unsigned(UInt32(event.deliveredMs)),
            "x": .signed(event.x), "y": .signed(event.y), "z": .signed(event.z),
            "code": .unsigned(UInt32(event.code)), "gamma_angle": .unsigned(UInt32(event.gamma)),
            "detail": .unsigned(detail), "seq_check": .unsigned(head & 0xFFFF),
        ]
        RegisterBlockLayout(start: 0, count: slotSize, fields: profile.slot).encode(values, into: &slot)
        let index = Int((head - 1) % UInt32(capacity))
        journal.replaceSubrange((index * slotSize)..<((index + 1) * slotSize), with: slot)
        tornReads[index] = nil
        if tearNext.events > 0 {
            tornReads[index] = tearNext.reads
            tearNext.events -= 1
        }
        updateBlocks(for: event, at: seconds)
    }

    private mutating func updateBlocks(for event: ScriptEvent, at seconds: UInt32) {
        switch event.kind {
        case .sessionOpened:
            guard let opened = event.opened else { return }
            openSession = event.session
            shotDelivered = [:]
            shotsCompleted = 0
            let vocabulary = profile.vocabulary
            sessionValues = [
                "session_number": .unsigned(event.session), "patient_id": .text(opened.patientID),
                "plan_name": .text(opened.plan),
                "session_kind": .unsigned(UInt32(Vocabulary.code(of: opened.kind, in: vocabulary.sessionKinds) ?? 0)),
                "fraction_number": .unsigned(UInt32(opened.fraction)),
                "fractions_planned": .unsigned(UInt32(opened.fractionsPlanned)),
                "target_count": .unsigned(UInt32(opened.targets)),
                "shots_planned": .unsigned(UInt32(opened.shotsPlanned)), "shots_completed": .unsigned(0),
                "planned_beam_on": .unsigned(UInt32(opened.plannedMs)), "delivered_beam_on": .unsigned(0),
                "prescribed_dose": .unsigned(UInt32(opened.prescribedDoseMgy)),
                "prescription_isodose": .unsigned(UInt32(opened.isodose)),
                "session_dose_rate": .unsigned(UInt32(opened.doseRate)),
                "immobilization": .unsigned(
                    UInt32(Vocabulary.code(of: opened.immobilization, in: vocabulary.immobilizations) ?? 0)),
                "operator_id": .text(opened.operatorID), "opened_at": .unsigned(seconds),
                "closed_at": .unsigned(0), "outcome": .unsigned(0),
                "patient_family_name": .text(opened.family), "patient_given_name": .text(opened.given),
            ]
            session = Array(repeating: 0, count: session.count)
            setState(opened.kind == .treatment ? .patientSetup : .service)
        case .shotStarted, .resumed:
            setState(.beamOn)
            setDoor(open: false)
        case .interrupted:
            deliver(event)
            setState(.paused)
            if event.code == 1 { setDoor(open: true) }
        case .shotCompleted:
            deliver(event)
            shotsCompleted += 1
            sessionValues["shots_completed"] = .unsigned(UInt32(shotsCompleted))
            setState(.paused)
        case .sessionCompleted, .sessionEndedEarly:
            let outcome: SessionOutcome =
                event.kind == .sessionCompleted ? .completed : (event.code == 5 ? .endedByFault : .endedByOperator)
            sessionValues["closed_at"] = .unsigned(seconds)
            sessionValues["outcome"] = .unsigned(
                UInt32(Vocabulary.code(of: outcome, in: profile.vocabulary.outcomes) ?? 0))
            openSession = 0
            setState(.sessionEnded)
        case .fault:
            profile.status.encode(["fault_code": .unsigned(UInt32(event.code))], into: &status)
            setState(.fault)
        case .faultCleared:
            profile.status.encode(["fault_code": .unsigned(0)], into: &status)
            setState(openSession != 0 ? .paused : .idle)
        case .calibrationChanged:
            if let rate = event.referenceDoseRate {
                profile.identity.encode(
                    [
                        "reference_dose_rate": .unsigned(UInt32(rate)),
                        "calibration_time": .unsigned(seconds),
                    ], into: &identity)
            }
        }
        profile.session.encode(sessionValues, into: &session)
    }

    private mutating func deliver(_ event: ScriptEvent) {
        let before = shotDelivered[event.shot] ?? 0
        let now = max(before, event.deliveredMs)
        shotDelivered[event.shot] = now
        lifetimeTenths &+= UInt32((now - before) / 100)
        sessionValues["delivered_beam_on"] = .unsigned(UInt32(shotDelivered.values.reduce(0, +)))
    }

    mutating func setState(_ state: ConsoleState) {
        let code = Vocabulary.code(of: state, in: profile.vocabulary.consoleStates) ?? 0
        profile.status.encode(["console_state": .unsigned(UInt32(code))], into: &status)
    }

    private mutating func setDoor(open: Bool) {
        profile.status.encode(["door": .unsigned(open ? 1 : 0)], into: &status)
    }

    mutating func refreshStatus() {
        profile.status.encode(
            [
                "console_clock": .unsigned(UInt32(clock.timeIntervalSince1970)),
                "journal_head": .unsigned(head),
                "active_session": .unsigned(openSession),
                "lifetime_beam_on": .unsigned(lifetimeTenths),
                "boot_id": .unsigned(bootID),
            ], into: &status)
    }
}
