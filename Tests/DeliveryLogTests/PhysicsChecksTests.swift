import ConsoleRecords
import DeliveryLog
import Foundation
import Testing

@Suite struct PhysicsChecksTests {
    func closed(
        delivered: Int64, fractions: Int = 1, doseRate: Int64 = 0, exchangedBeforeClose: Bool = false
    ) throws -> DeliverySession {
        var log = DeliveryLog.test()
        var journal = JournalScript()
        journal.open()
        journal.snapshot(fractions: fractions, doseRate: doseRate)
        journal.shot(1)
        journal.shot(2, delivered: delivered)
        journal.event(.sessionCompleted)
        var records = journal.take()
        records.insert(
            .identity(
                ConsoleIdentity(
                    serial: "4711", model: "M", firmware: "1", mapRevision: 1, sourceCount: 192, sectorCount: 8,
                    referenceDoseRate: 3400,
                    calibrationTime: Date(timeIntervalSince1970: 1_795_000_000 - 86_400 * 1925.28),
                    bootID: 1, journalCapacity: 64, slotSize: 24)), at: 0)
        if exchangedBeforeClose {
            // A source exchange read in the same poll, after the session's records: a new identity at 3600.
            records.insert(
                .identity(
                    ConsoleIdentity(
                        serial: "4711", model: "M", firmware: "1", mapRevision: 1, sourceCount: 192, sectorCount: 8,
                        referenceDoseRate: 3600, calibrationTime: Date(timeIntervalSince1970: 1_795_000_000),
                        bootID: 1, journalCapacity: 64, slotSize: 24)), at: records.count - 1)
        }
        return try #require(log.apply(records).finalized.first)
    }

    @Test func theDoseRateIsCheckedAgainstTheCalibrationInForceWhenTheSessionOpenedNotOneReadAfter() throws {
        let session = try closed(delivered: 60_000, doseRate: 1700, exchangedBeforeClose: true)
        #expect(session.calibration?.referenceDoseRate == 3400)
        #expect(session.flags.allSatisfy { $0.code != "dose_rate_inconsistent" }, "\(session.flags)")
    }

    @Test func aDeliveryWithinOnePercentRaisesNoDeviation() throws {
        let session = try closed(delivered: 60_500)
        #expect(!session.flags.contains { $0.code.hasSuffix("deviation") })
    }

    @Test func aShotOffByMoreThanOnePercentIsFlaggedWithItsNumbers() throws {
        let session = try closed(delivered: 61_200)
        let flag = try #require(session.flags.first { $0.code == "shot_time_deviation" })
        #expect(
            flag.values["shot"] == 2 && flag.values["planned_ms"] == 60_000 && flag.values["delivered_ms"] == 61_200)
        #expect(abs((flag.values["deviation_percent"] ?? 0) - 2) < 1e-9)
        #expect(!session.flags.contains { $0.code == "total_time_deviation" })
    }

    @Test func aSingleSessionCourseOffByTwentyPercentIsAPossibleMedicalEvent() throws {
        let session = try closed(delivered: 36_000)  // 96 s of 120 s: -20 %
        #expect(session.flags.contains { $0.code == "possible_medical_event" && $0.severity == .alert })
        let nearly = try closed(delivered: 36_100)
        #expect(!nearly.flags.contains { $0.code == "possible_medical_event" })
    }

    @Test func aFractionIsAPossibleMedicalEventOnlyFromFiftyPercent() throws {
        let thirty = try closed(delivered: 24_000, fractions: 3)  // -30 %
        #expect(!thirty.flags.contains { $0.code == "possible_medical_event" })
        #expect(thirty.flags.contains { $0.code == "total_time_deviation" })
        let sixty = try closed(delivered: 0, fractions: 3)  // -50 %
        #expect(sixty.flags.contains { $0.code == "possible_medical_event" })
    }

    @Test func aDoseRateOffTheDecayedReferenceIsFlagged() throws {
        // One half-life after calibration the reference 3400 has decayed to 1700.
        #expect(try closed(delivered: 60_000, doseRate: 1700).flags.allSatisfy { $0.code != "dose_rate_inconsistent" })
        let off = try closed(delivered: 60_000, doseRate: 1760)
        let flag = try #require(off.flags.first { $0.code == "dose_rate_inconsistent" })
        #expect(abs((flag.values["expected_rate"] ?? 0) - 1700) < 0.5)
    }

    @Test func cobaltDecaysToHalfInOneHalfLife() {
        let start = Date(timeIntervalSince1970: 0)
        let rate = PhysicsChecks.decayedRate(
            reference: 3000, from: start, to: start.addingTimeInterval(1925.28 * 86_400), halfLifeDays: 1925.28)
        #expect(abs(rate - 1500) < 1e-6)
        let month = PhysicsChecks.decayedRate(
            reference: 100, from: start, to: start.addingTimeInterval(30 * 86_400), halfLifeDays: 1925.28)
        #expect(abs(month - 98.9) < 0.1)  // about 1 % a month
    }
}
