import ConsoleRecords
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// The metrics kept beside each session read back as the session gives them, from either store.
@Suite struct SessionMetricsStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func aSessionsMetricsReadBackAsTheSessionGivesThemInTheRangeAskedOldestFirst(_ backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore { store, _ in
            var sessions = (1...4).map {
                closedTreatment(UInt32($0), opened: Date(timeIntervalSince1970: 1_795_000_000 + Double($0) * 86_400))
            }
            sessions[1].sessionDoseRate = 3012
            sessions[1].calibration = Calibration(
                referenceDoseRate: 3450, calibratedAt: Date(timeIntervalSince1970: 1_748_768_400))
            sessions[1].interruptions = [
                Interruption(shot: 1, reason: .doorOpened, code: 1, at: Date()),
                Interruption(shot: 2, reason: nil, code: 99, at: Date()),
            ]
            sessions[1].faults = [FaultEpisode(code: 1207, at: Date(), clearedAt: nil)]
            sessions[1].shots = [
                Shot(index: 1, sectors: [4], plannedMs: 1000, deliveredMs: 1010, completedAt: Date()),
                Shot(index: 2, sectors: [4], plannedMs: 1000, deliveredMs: 970, completedAt: Date()),
            ]
            sessions[1].fractionsPlanned = 3
            try await closeSessions(sessions, in: store)
            let metrics = try await store.metrics(
                console: "gk1", from: Date(timeIntervalSince1970: 1_795_000_000 + 1.5 * 86_400),
                to: Date(timeIntervalSince1970: 1_795_000_000 + 3.5 * 86_400))
            #expect(metrics.map(\.id) == ["GK-4711-000002", "GK-4711-000003"])
            #expect(metrics.first == SessionMetrics(sessions[1], console: backend.console("gk1")))
            #expect(metrics.first?.interruptions == ["door_opened", "code 99"])
            #expect(metrics.first?.worstShotDeviationPercent == -3, "the largest deviation either way, signed")
            #expect(try await store.metrics(console: "gk9", from: nil, to: nil).isEmpty)
        }
    }
}
