import ConsoleRecords
import Foundation

/// Pure decoding of block and slot registers into typed records.
extension DeviceProfile {
    /// Decodes the identity block; refuses a wrong magic or an unknown newer revision.
    public func decodeIdentity(_ registers: ArraySlice<UInt16>, at location: String) throws(ConsoleError)
        -> ConsoleIdentity
    {
        let record = identity.decode(registers)
        if let magic = record.mismatches["magic"] {
            throw ConsoleError(
                .notAGateway, at: location,
                "magic is 0x\(String(magic, radix: 16, uppercase: true)), not a \(name) gateway")
        }
        let revision = Int(record.unsigned("map_revision") ?? 0)
        guard revision >= 1, revision <= mapRevision else {
            throw ConsoleError(
                .unsupportedRevision, at: location,
                "map revision \(revision); profile \(name) knows revisions 1-\(mapRevision)")
        }
        guard let serial = record.text("console_serial") else {
            throw ConsoleError(
                .badData, at: location,
                "console_serial: \(record.invalidity("console_serial") ?? "empty")")
        }
        let capacity = Int(record.unsigned(capacityField) ?? 0)
        let slotSize = Int(record.unsigned(slotSizeField) ?? 0)
        let slotNeeds = slot.map { $0.offset + $0.registerCount }.max() ?? 0
        guard capacity > 0, slotSize >= slotNeeds, slotSize <= maxRegistersPerRead else {
            throw ConsoleError(
                .badData, at: location,
                "journal of \(capacity) slots of \(slotSize) registers cannot hold the profile's slot")
        }
        guard let bootID = record.unsigned("boot_id"), bootID != 0 else {
            throw ConsoleError(.badData, at: location, "boot_id is 0")
        }
        return ConsoleIdentity(
            serial: serial,
            model: record.text("console_model") ?? "",
            firmware: record.text("firmware") ?? "",
            mapRevision: revision,
            sourceCount: Int(record.unsigned("source_count") ?? 0),
            sectorCount: Int(record.unsigned("sector_count") ?? 0),
            referenceDoseRate: Int(record.unsigned("reference_dose_rate") ?? 0),
            calibrationTime: Date(consoleSeconds: record.unsigned("calibration_time")),
            bootID: bootID,
            journalCapacity: capacity,
            slotSize: slotSize)
    }

    /// Decodes the status block.
    public func decodeStatus(_ registers: ArraySlice<UInt16>) -> ConsoleStatus {
        let record = status.decode(registers)
        return ConsoleStatus(
            heartbeat: Int(record.unsigned("heartbeat") ?? 0),
            state: record.unsigned("console_state").flatMap {
                vocabulary.consoleStates[UInt16(truncatingIfNeeded: $0)]
            },
            clock: Date(consoleSeconds: record.unsigned("console_clock")),
            journalHead: record.unsigned("journal_head") ?? 0,
            activeSession: record.unsigned("active_session") ?? 0,
            faultCode: Int(record.unsigned("fault_code") ?? 0),
            doorOpen: (record.unsigned("door") ?? 0) != 0,
            lifetimeBeamOnMs: Int64(record.unsigned("lifetime_beam_on") ?? 0) * 100,
            bootID: record.unsigned("boot_id") ?? 0)
    }

    /// Decodes the session block. Invalid text and unknown numbers are named
    /// in ``SessionSnapshot/invalidFields``, never guessed.
    public func decodeSession(_ registers: ArraySlice<UInt16>) -> SessionSnapshot {
        let record = session.decode(registers)
        var invalid = record.invalidFields
        func lookup<Value>(_ field: String, _ table: [UInt16: Value]) -> Value? {
            guard let number = record.unsigned(field) else { return nil }
            guard let value = table[UInt16(truncatingIfNeeded: number)] else {
                invalid.append(field)
                return nil
            }
            return value
        }
        func number(_ field: String) -> Int64 { Int64(record.unsigned(field) ?? 0) }
        let snapshot = SessionSnapshot(
            number: record.unsigned("session_number") ?? 0,
            patientID: record.text("patient_id"),
            patientFamilyName: record.text("patient_family_name"),
            patientGivenName: record.text("patient_given_name"),
            plan: record.text("plan_name"),
            kind: lookup("session_kind", vocabulary.sessionKinds),
            fraction: Int(number("fraction_number")),
            fractionsPlanned: Int(number("fractions_planned")),
            targets: Int(number("target_count")),
            shotsPlanned: Int(number("shots_planned")),
            shotsCompleted: Int(number("shots_completed")),
            plannedMs: number("planned_beam_on"),
            deliveredMs: number("delivered_beam_on"),
            prescribedDoseMgy: number("prescribed_dose"),
            prescriptionIsodose: Int(number("prescription_isodose")),
            sessionDoseRate: number("session_dose_rate"),
            immobilization: lookup("immobilization", vocabulary.immobilizations),
            operatorID: record.text("operator_id"),
            openedAt: Date(consoleSeconds: record.unsigned("opened_at")),
            closedAt: Date(consoleSeconds: record.unsigned("closed_at")),
            outcome: lookup("outcome", vocabulary.outcomes),
            invalidFields: invalid.sorted())
        return snapshot
    }

    /// Decodes an intact journal slot into an event; what is odd about it is
    /// listed in ``ConsoleEvent/anomalies`` rather than guessed away.
    public func decodeEvent(
        _ registers: ArraySlice<UInt16>, bootID: UInt32, sectorCount: Int, lastSession: UInt32
    ) -> ConsoleEvent {
        let record = FieldRecord(layout: slot, registers: registers)
        var anomalies: [String] = []
        func number(_ field: String) -> UInt32 { record.unsigned(field) ?? 0 }
        let millis = number("millis")
        if millis > 999 { anomalies.append("millis_out_of_range") }
        let time = Date(consoleSeconds: number("time"), millis: millis)
        if time == nil { anomalies.append("time_not_set") }
        let typeCode = UInt16(truncatingIfNeeded: number("type"))
        let kind = vocabulary.eventKinds[typeCode]
        if kind == nil { anomalies.append("undefined_event_type") }
        let session = number("session_number")
        let shot = Int(number("shot"))
        let code = UInt16(truncatingIfNeeded: number("code"))

        var sectors: [Int] = []
        if shot != 0 {
            let register = UInt16(truncatingIfNeeded: number("sectors"))
            if let decoded = vocabulary.sectors(register, count: sectorCount) {
                sectors = decoded
            } else {
                anomalies.append("invalid_sectors")
            }
        }
        var reason: InterruptionReason?
        if kind == .interrupted || kind == .sessionEndedEarly {
            reason = vocabulary.reasons[code]
            if reason == nil { anomalies.append("undefined_reason") }
        }
        var sessionKind: SessionKind?
        if kind == .sessionOpened {
            sessionKind = vocabulary.sessionKinds[UInt16(truncatingIfNeeded: number("detail"))]
            if sessionKind == nil { anomalies.append("undefined_session_kind") }
        }
        if let kind, kind.concernsSession, session == 0 { anomalies.append("missing_session") }
        if let kind, kind.concernsShot, shot == 0 { anomalies.append("missing_shot") }
        if session != 0, session < lastSession { anomalies.append("session_out_of_order") }

        return ConsoleEvent(
            bootID: bootID, seq: number("seq"),
            time: time ?? Date(timeIntervalSince1970: 0),
            kind: kind, typeCode: Int(typeCode), session: session, shot: shot, sectors: sectors,
            shotPlannedMs: Int64(number("shot_planned")),
            shotDeliveredMs: Int64(number("shot_delivered")),
            xUm: record.signed("x") ?? 0, yUm: record.signed("y") ?? 0, zUm: record.signed("z") ?? 0,
            code: Int(code), reason: reason, gammaAngle: Int(number("gamma_angle")),
            sessionKind: sessionKind, anomalies: anomalies)
    }

    /// The `seq` and `seq_check` of a slot, for ``SlotCheck``.
    public func slotSequence(_ registers: ArraySlice<UInt16>) -> (seq: UInt32, check: UInt32) {
        let record = FieldRecord(
            layout: slot.filter { $0.name == "seq" || $0.name == "seq_check" }, registers: registers)
        return (record.unsigned("seq") ?? 0, record.unsigned("seq_check") ?? 0)
    }
}

extension EventKind {
    /// Whether the event belongs to a session by the map's meaning.
    public var concernsSession: Bool {
        switch self {
        case .fault, .faultCleared, .calibrationChanged: false
        default: true
        }
    }

    /// Whether the event is about one shot.
    public var concernsShot: Bool {
        switch self {
        case .shotStarted, .shotCompleted, .interrupted, .resumed: true
        default: false
        }
    }

    /// Whether the event closes its session.
    public var closesSession: Bool { self == .sessionCompleted || self == .sessionEndedEarly }
}

extension Date {
    /// A CCG-1 time: seconds since 1970 UTC, 0 meaning "not set".
    init?(consoleSeconds: UInt32?, millis: UInt32 = 0) {
        guard let consoleSeconds, consoleSeconds != 0 else { return nil }
        self.init(timeIntervalSince1970: Double(consoleSeconds) + Double(min(millis, 999)) / 1000)
    }
}
