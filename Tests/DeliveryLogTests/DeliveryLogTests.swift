import ConsoleRecords
import DeliveryLog
import Foundation
import Testing

@Suite struct DeliveryLogTests {
    @Test func aCompletedSessionIsFinalWithEveryShotAndNoGap() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.wholeSession()
        let changes = log.apply(journal.take())
        let session = try #require(changes.finalized.first)
        #expect(changes.finalized.count == 1 && log.open.isEmpty)
        #expect(session.id == "GK-4711-000007" && session.outcome == .completed && session.final)
        #expect(session.recordComplete && session.gaps.isEmpty)
        #expect(session.shots.map(\.index) == [1, 2] && session.shotsDelivered == 2)
        #expect(session.deliveredMs == 120_000 && session.plannedMs == 120_000)
        #expect(session.patient == Patient(id: "MRN1", family: "DOE", given: "JANE"))
        #expect(session.shots[0].sectors == [16, 16, 8, 8, 4, 4, 0, 16] && session.shots[0].gammaAngle == 90)
        #expect(session.flags.allSatisfy { $0.severity == .info })
    }

    @Test func anOpenSessionIsReportedUpdatedNotFinal() {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.event(.shotStarted, shot: 1, planned: 60_000)
        let changes = log.apply(journal.take())
        #expect(changes.finalized.isEmpty)
        #expect(changes.updated.map(\.number) == [7])
        #expect(log.open.first?.outcome == .open)
    }

    @Test func aShotInterruptedSeveralTimesKeepsEachInterruptionAndItsResume() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.event(.shotStarted, shot: 1, planned: 60_000)
        journal.event(.interrupted, shot: 1, planned: 60_000, delivered: 10_000, reason: .doorOpened, code: 1)
        journal.event(.resumed, shot: 1, planned: 60_000, delivered: 10_000, after: 30)
        journal.event(.interrupted, shot: 1, planned: 60_000, delivered: 25_000, reason: .patientMotion, code: 4)
        journal.event(.resumed, shot: 1, planned: 60_000, delivered: 25_000, after: 45)
        journal.event(.shotCompleted, shot: 1, planned: 60_000, delivered: 60_000)
        journal.shot(2)
        journal.event(.sessionCompleted)
        journal.snapshot(outcome: .completed, deliveredMs: 120_000)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.interruptions.map(\.reason) == [.doorOpened, .patientMotion])
        #expect(session.interruptions.map(\.deliveredMs) == [10_000, 25_000])
        let paused = session.interruptions.compactMap { i in i.resumedAt.map { $0.timeIntervalSince(i.at) } }
        #expect(paused == [30, 45])
        let flag = try #require(session.flags.first { $0.code == "interruptions" })
        #expect(flag.values["count"] == 2 && flag.values["paused_seconds"] == 75)
        #expect(session.recordComplete)
    }

    @Test(arguments: InterruptionReason.allCases)
    func everyReasonIsKeptOnItsInterruption(reason: InterruptionReason) throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.event(.shotStarted, shot: 1, planned: 60_000)
        journal.event(.interrupted, shot: 1, planned: 60_000, delivered: 1_000, reason: reason)
        _ = log.apply(journal.take())
        #expect(log.open.first?.interruptions.first?.reason == reason)
    }

    @Test(arguments: InterruptionReason.allCases)
    func anEarlyEndTakesItsOutcomeFromTheReason(reason: InterruptionReason) throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.shot(1)
        journal.event(.sessionEndedEarly, reason: reason)
        let session = try #require(log.apply(journal.take()).finalized.first)
        let expected: SessionOutcome = [.consoleFault, .powerLoss].contains(reason) ? .endedByFault : .endedByOperator
        #expect(session.outcome == expected && session.endReason == reason)
        #expect(session.deliveredMs == 60_000 && session.shotsDelivered == 1)
    }

    @Test func aSessionEndedBeforeAnyBeamHasNoDeliveredTime() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.event(.sessionEndedEarly, reason: .operator)
        journal.snapshot(outcome: .endedByOperator)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.deliveredMs == 0 && session.shots.isEmpty && session.outcome == .endedByOperator)
        #expect(session.recordComplete)
    }

    @Test(arguments: JournalGap.Kind.allCases)
    func aGapWhileASessionIsOpenMakesItIncompleteWithTheGapNamed(kind: JournalGap.Kind) throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.shot(1)
        journal.gap(kind)
        journal.shot(2)
        journal.event(.sessionCompleted)
        journal.snapshot(outcome: .completed, deliveredMs: 120_000)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(!session.recordComplete)
        #expect(session.gaps.map(\.kind) == [kind.rawValue])
    }

    @Test func aGapWithNoOpenSessionTouchesNoSession() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.wholeSession()
        _ = log.apply(journal.take())
        journal.gap(.overrun, session: 7)
        let changes = log.apply(journal.take())
        #expect(changes.consoleGaps.count == 1 && changes.finalized.isEmpty && changes.updated.isEmpty)
    }

    @Test func aSessionSpanningAGatewayRestartIsReconciledFromTheSessionBlock() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.event(.shotStarted, shot: 1, planned: 60_000)
        _ = log.apply(journal.take())
        // The gateway restarts: the shot's completion is lost; the block says 60 s delivered.
        journal.gap(.gatewayRestart)
        journal.snapshot(deliveredMs: 60_000)
        journal.boot = 2
        journal.seq = 0
        journal.shot(2)
        journal.event(.sessionCompleted)
        journal.snapshot(outcome: .completed, deliveredMs: 120_000)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.outcome == .completed && !session.recordComplete)
        #expect(session.gaps.map(\.kind) == ["gateway_restart"])
        #expect(session.deliveredMs == 120_000)
        #expect(session.shots.first { $0.index == 1 }?.completedAt == nil)
    }

    @Test func eventsOfASessionWhoseOpeningWasNotReadOpenItIncomplete() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.gap(.overrun, session: 0)
        journal.shot(2, session: 9)
        journal.event(.sessionCompleted, session: 9)
        journal.snapshot(9, outcome: .completed, deliveredMs: 120_000)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.number == 9 && session.gaps.map(\.kind) == ["session_open_not_seen"])
        #expect(session.patient.id == "MRN1" && session.deliveredMs == 120_000)
    }

    @Test func aCloseSeenOnlyInTheSessionBlockClosesTheSessionIncomplete() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.shot(1)
        _ = log.apply(journal.take())
        journal.gap(.gatewayRestart)
        journal.snapshot(outcome: .completed, deliveredMs: 120_000)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.outcome == .completed && session.closedAt != nil)
        #expect(session.gaps.map(\.kind) == ["gateway_restart", "session_close_not_seen"])
    }

    @Test func aReaderRestartInTheMiddleOfASessionCarriesOnFromTheStoredLog() throws {
        var whole = JournalScript()
        whole.wholeSession()
        let records = whole.take()
        var uninterrupted = DeliveryLog.test()
        let expected = uninterrupted.apply(records).finalized

        var first = DeliveryLog.test()
        _ = first.apply(Array(records.prefix(4)))
        let stored = try JSONEncoder().encode(first)
        var restarted = try JSONDecoder().decode(DeliveryLog.self, from: stored)
        let finalized = restarted.apply(Array(records.dropFirst(4))).finalized
        #expect(finalized == expected)
    }

    @Test func skippedSessionNumbersBecomeFinalRecordsThatSayTheyWereLost() {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.wholeSession(7)
        journal.wholeSession(10)
        let changes = log.apply(journal.take())
        #expect(changes.unseenSessions == [8...9])
        #expect(changes.finalized.map(\.number) == [7, 8, 9, 10])
        let lost = changes.finalized.filter { [8, 9].contains($0.number) }
        #expect(lost.allSatisfy { $0.final && !$0.recordComplete && $0.outcome == .open && $0.kind == nil })
        #expect(lost.allSatisfy { $0.gaps.map(\.kind).contains("session_not_seen") })
    }

    @Test func aConsoleRepeatingEventsWithoutEndFillsNoListPastItsCapAndTheRecordSaysItWasCutShort() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        for _ in 0..<1_500 {
            journal.event(.interrupted, shot: 1, reason: .doorOpened, after: 1)
            journal.event(.fault, code: 900, after: 1)
            journal.event(.shotStarted, shot: Int.random(in: 2...65_535), after: 1)
        }
        journal.event(.sessionEndedEarly, reason: .consoleFault)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.interruptions.count == DeliveryLog.maximumListEntries)
        #expect(session.faults.count == DeliveryLog.maximumListEntries)
        #expect(session.shots.count == DeliveryLog.maximumListEntries)
        #expect(session.gaps.filter { $0.kind == "record_cut_short" }.count == 1 && !session.recordComplete)
    }

    @Test func anUndefinedEventTypeIsFlaggedAndNamedAGap() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.event(nil, typeCode: 42, anomalies: ["undefined_event_type"])
        journal.event(.sessionCompleted)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.gaps.map(\.kind) == ["undefined_event"])
        #expect(session.flags.contains { $0.code == "event_anomaly" && $0.message.contains("undefined_event_type") })
    }

    @Test func faultsRaisedAndClearedAreKeptOnTheOpenSession() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.event(.fault, session: 0, code: 1207)
        journal.event(.faultCleared, session: 0, code: 1207, after: 240)
        _ = log.apply(journal.take())
        let fault = try #require(log.open.first?.faults.first)
        #expect(fault.code == 1207 && fault.clearedAt.map { $0.timeIntervalSince(fault.at) } == 240)
    }

    @Test func aNewSessionOpeningFinalizesAnUnclosedOne() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open(7)
        journal.snapshot(7)
        journal.open(8)
        let changes = log.apply(journal.take())
        let earlier = try #require(changes.finalized.first)
        #expect(earlier.number == 7 && earlier.final && earlier.outcome == .open)
        #expect(earlier.gaps.map(\.kind) == ["session_close_not_seen"])
        #expect(log.open.map(\.number) == [8])
    }

    @Test func aSessionClosedWithoutItsBlockIsNamedIncomplete() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.shot(1)
        journal.event(.sessionCompleted)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.gaps.map(\.kind) == ["session_block_unavailable"])
    }

    @Test func anInvalidSessionBlockFieldIsNamed() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot(invalid: ["patient_id"])
        journal.event(.sessionEndedEarly, reason: .operator)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.gaps.map(\.kind) == ["session_block_invalid"])
    }

    @Test(arguments: [SessionKind.qa, .service])
    func qaAndServiceSessionsKeepTheirKind(kind: SessionKind) throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open(kind: kind)
        journal.snapshot(kind: kind)
        journal.shot(1)
        journal.event(.sessionCompleted)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.kind == kind)
    }

    @Test func aCalibrationChangeTouchesNoSessionButUpdatesTheIdentity() {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.event(.calibrationChanged, session: 0)
        var records = journal.take()
        records.append(
            .identity(
                ConsoleIdentity(
                    serial: "4711", model: "CO60-MS201", firmware: "2", mapRevision: 1, sourceCount: 201,
                    sectorCount: 0, referenceDoseRate: 3600, calibrationTime: nil, bootID: 1, journalCapacity: 64,
                    slotSize: 24)))
        let changes = log.apply(records)
        #expect(changes.updated.isEmpty && changes.finalized.isEmpty)
        #expect(log.identity?.referenceDoseRate == 3600 && log.console.model == "CO60-MS201")
    }

    @Test func clockSkewIsTrackedOnOpenSessionsAndFlaggedBeyondTheBound() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        let now = Date()
        _ = log.apply(journal.take(), consoleClock: now.addingTimeInterval(-95), now: now)
        journal.event(.sessionEndedEarly, reason: .operator)
        let session = try #require(log.apply(journal.take(), consoleClock: now, now: now).finalized.first)
        #expect(session.clockSkewSeconds == -95)
        #expect(session.flags.contains { $0.code == "clock_skew" && $0.values["skew_seconds"] == -95 })
    }
}

@Suite struct DeliveryLogBlockTests {
    @Test func aClosedBlockFollowedByTheCloseEventInTheSameBatchIsNoMissingClose() throws {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot()
        journal.shot(1)
        _ = log.apply(journal.take())
        // After a restart the block already says completed; the new journal then brings the close.
        journal.gap(.gatewayRestart)
        journal.snapshot(outcome: .completed, deliveredMs: 120_000)
        journal.boot = 2
        journal.seq = 0
        journal.shot(2)
        journal.event(.sessionCompleted)
        let session = try #require(log.apply(journal.take()).finalized.first)
        #expect(session.gaps.map(\.kind) == ["gateway_restart"])
        #expect(session.shotsDelivered == 2 && session.outcome == .completed)
    }
}
