import ConsoleRecords
import Modbus

extension CCG1Driver {
    /// Reads slots after `cursor.lastSeq` up to `head`, appending events, gaps
    /// and session snapshots to `records` and moving `cursor` past each slot taken.
    /// `readingOn` reads on, once, to the journal's new head when the session block
    /// says a session closed whose close event has not been read yet.
    func readJournal(
        upTo head: UInt32, identity: ConsoleIdentity, into records: inout [JournalRecord],
        cursor: inout JournalCursor, readingOn: Bool = true
    ) async throws(ConsoleError) {
        let capacity = identity.journalCapacity
        let slotSize = identity.slotSize
        let plan = JournalPlan(
            lastSeq: cursor.lastSeq, head: head, capacity: capacity, slotSize: slotSize,
            journalStart: profile.journalStart, maxRegisters: profile.maxRegistersPerRead)
        // Events overwritten before they could be read: recorded once the journal shows the head is real
        // (the first slot read holds the expected event or a newer one), never on the status block's word alone.
        var unconfirmedLoss = plan.lost
        var wanted: Set<UInt32> = []
        // Where the identity read after a calibration change goes: right after the journal's first such event,
        // so the sessions that follow it in this poll take the new calibration, as they did on the console.
        var calibrationRecordIndex: Int?

        reading: for read in plan.reads {
            let registers = try await readRegisters(at: read.address, count: read.registerCount)
            for index in 0..<read.slotCount {
                let seq = read.firstSeq + UInt32(index)
                var slot = registers[(index * slotSize)..<((index + 1) * slotSize)]
                var check = slotCheck(slot, expected: seq)
                var retries = 0
                while check == .torn && retries < profile.tornSlotRetries {
                    retries += 1
                    let address = JournalPlan.address(
                        of: seq, capacity: capacity, slotSize: slotSize, journalStart: profile.journalStart)
                    slot = try await readRegisters(at: address, count: slotSize)[...]
                    check = slotCheck(slot, expected: seq)
                }
                if case .behind(let found) = check, seq == plan.reads.first?.firstSeq {
                    // Not one slot holds what journal_head promised. Unless the gateway is restarting under
                    // us (a new boot id, which the next poll reports), the head is a fault or a lie.
                    if try await readStatus().bootID == cursor.bootID {
                        throw ConsoleError(
                            .badData, at: "\(name) journal",
                            "journal_head \(head) but the slot for seq \(seq) holds seq \(found): nothing read")
                    }
                    break reading
                }
                if let lost = unconfirmedLoss {
                    records.append(
                        .gap(
                            JournalGap(
                                kind: .overrun, bootID: cursor.bootID, firstSeq: lost.lowerBound,
                                lastSeq: lost.upperBound, session: cursor.lastSession,
                                detail: "\(lost.count) events overwritten before they were read")))
                    cursor.lastSeq = lost.upperBound
                    unconfirmedLoss = nil
                }
                switch check {
                case .expected:
                    let event = profile.decodeEvent(
                        slot, bootID: cursor.bootID, sectorCount: identity.sectorCount,
                        lastSession: cursor.lastSession)
                    records.append(.event(event))
                    if event.session != 0 {
                        if event.session != cursor.lastSession || event.kind == .sessionOpened
                            || event.kind?.closesSession == true
                        {
                            wanted.insert(event.session)
                        }
                        cursor.lastSession = max(cursor.lastSession, event.session)
                    }
                    if event.kind == .calibrationChanged, calibrationRecordIndex == nil {
                        calibrationRecordIndex = records.count
                    }
                case .overwritten(let found):
                    appendOverwritten(seq, found: found, to: &records, cursor: cursor)
                case .torn:
                    records.append(
                        .gap(
                            JournalGap(
                                kind: .unreadableSlot, bootID: cursor.bootID, firstSeq: seq, lastSeq: seq,
                                session: cursor.lastSession,
                                detail: "slot for seq \(seq) stayed torn through \(retries) re-reads")))
                case .behind:
                    // An older or empty slot where a newer event must be: the gateway is
                    // restarting under us. Stop here; the next poll sees the new boot.
                    break reading
                }
                cursor.lastSeq = seq
            }
        }

        var closedUnread = false
        if !wanted.isEmpty, let snapshot = try await readSession(), wanted.contains(snapshot.number) {
            records.append(.session(snapshot))
            closedUnread =
                snapshot.outcome.map { $0 != .open } == true && !Self.closeRead(of: snapshot.number, in: records)
        }
        if let calibrationRecordIndex {
            let fresh = try await readIdentity()
            records.insert(.identity(fresh), at: calibrationRecordIndex)
        }
        // The block is read after the journal: a session that closed in between shows closed there while its
        // close event lies past the head read. Read on to the new head, so that the close comes from its event,
        // in this poll, and the session is not taken as closed unseen. Once: a journal still moving is read by
        // the next poll, and the block's word then decides as before.
        guard readingOn, closedUnread else { return }
        let status = try await readStatus()
        guard status.bootID == cursor.bootID, status.journalHead > cursor.lastSeq else { return }
        try await readJournal(
            upTo: status.journalHead, identity: identity, into: &records, cursor: &cursor, readingOn: false)
    }

    /// Whether `records` hold the event that closed session `number`.
    static func closeRead(of number: UInt32, in records: [JournalRecord]) -> Bool {
        records.contains { record in
            guard case .event(let event) = record else { return false }
            return event.session == number && event.kind?.closesSession == true
        }
    }

    private func slotCheck(_ slot: ArraySlice<UInt16>, expected: UInt32) -> SlotCheck {
        let (seq, check) = profile.slotSequence(slot)
        return SlotCheck(seq: seq, seqCheck: check, expected: expected)
    }

    private func appendOverwritten(
        _ seq: UInt32, found: UInt32, to records: inout [JournalRecord], cursor: JournalCursor
    ) {
        if case .gap(var last) = records.last, last.kind == .overrun, last.lastSeq == seq - 1 {
            last.lastSeq = seq
            last.detail = "events \(last.firstSeq ?? seq)-\(seq) overwritten while being read"
            records[records.count - 1] = .gap(last)
            return
        }
        records.append(
            .gap(
                JournalGap(
                    kind: .overrun, bootID: cursor.bootID, firstSeq: seq, lastSeq: seq,
                    session: cursor.lastSession,
                    detail: "event \(seq) overwritten by \(found) while being read")))
    }
}
