import ArgumentParser
import Console
import ConsoleRecords
import DeliveryLog
import Foundation
import SQLiteStore
import Store

/// `gammalog sessions` over ten years of a busy centre, against the same
/// query in the sqlite3 shell.
struct HistoryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "gammalog sessions over 30,000 sessions and 1.5 million events.")

    @Option(help: "The store to generate (kept for reruns).")
    var path = "/tmp/gammalog-history/gammalog.sqlite"

    @Option(help: "Sessions to generate.")
    var sessions = 30_000

    @Option(help: "Runs of each command; the median is reported.")
    var runs = 21

    func run() async throws {
        let store = try SQLiteStore(path: path)
        try await Self.fill(store, sessions: sessions)
        let counts = try shell(
            "/usr/bin/sqlite3",
            [path, "SELECT count(*) FROM sessions; SELECT count(*) FROM journal WHERE kind = 'event';"])
        print("history: \(counts.replacingOccurrences(of: "\n", with: " sessions, ")) events in \(path)")
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let columns = """
            id, console, number, kind, outcome, opened_at, closed_at, final, record_complete, shots_delivered,
            shots_planned, delivered_ms, planned_ms, warnings
            """
        let gammalogPath = build.appendingPathComponent("gammalog").path
        let startup = try time(gammalogPath, ["--help"])
        let gammalog = try time(gammalogPath, ["sessions", "--state", directory])
        let sqlite = try time(
            "/usr/bin/sqlite3",
            [path, "SELECT \(columns) FROM sessions ORDER BY opened_at DESC, number DESC LIMIT 100"])
        let flagged = try time(gammalogPath, ["sessions", "--state", directory, "--flagged"])
        let flaggedSQL = try time(
            "/usr/bin/sqlite3",
            [path, "SELECT \(columns) FROM sessions WHERE flagged = 1 ORDER BY opened_at DESC, number DESC LIMIT 100"])
        var inProcess: [Double] = []
        for _ in 0..<runs {
            let started = ContinuousClock.now
            _ = try await store.summaries(SessionQuery())
            inProcess.append((ContinuousClock.now - started).seconds * 1000)
        }
        let query = inProcess.sorted()[runs / 2]
        print("newest 100 sessions, median of \(runs) runs, whole process each (wall time, process start included)")
        print(String(format: "    gammalog sessions            %.1f ms   (goal <= 50 ms)", gammalog))
        print(String(format: "    gammalog --help              %.1f ms   (process start alone)", startup))
        print(String(format: "    sqlite3, the same query      %.1f ms   ratio %.2f", sqlite, gammalog / sqlite))
        print(String(format: "    gammalog sessions --flagged  %.1f ms", flagged))
        print(String(format: "    sqlite3, the same query      %.1f ms   ratio %.2f", flaggedSQL, flagged / flaggedSQL))
        print(String(format: "    the query alone, in process  %.2f ms (SQLiteStore.summaries, store open)", query))
    }

    /// Generates the history into `store` up to `sessions`, keeping what an earlier run made.
    static func fill(_ store: SQLiteStore, sessions: Int) async throws {
        let existing = try await store.sessions(SessionQuery(limit: 1)).first?.number ?? 0
        if existing < UInt32(sessions) {
            let started = ContinuousClock.now
            try await generate(into: store, from: existing + 1, sessions: sessions)
            print(String(format: "generated in %.0f s", (ContinuousClock.now - started).seconds))
        }
    }

    /// Ten years of a busy centre: sessions of 24 shots, 50 events each, committed 20 sessions a poll; the
    /// calibration read at the start and again at a source exchange half-way.
    static func generate(into store: SQLiteStore, from first: UInt32, sessions: Int) async throws {
        var log = DeliveryLog(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"))
        var seq: UInt32 = (first - 1) * 50
        let start = Date(timeIntervalSince1970: 1_480_000_000)
        var records: [JournalRecord] = []
        var number = first
        while number <= UInt32(sessions) {
            let opened = start.addingTimeInterval(Double(number) * 10_500)
            func event(_ kind: EventKind, shot: Int = 0, at offset: Double) -> JournalRecord {
                seq += 1
                return .event(
                    ConsoleEvent(
                        seq: seq, time: opened.addingTimeInterval(offset), kind: kind, session: number, shot: shot,
                        sectors: shot == 0 ? [] : [8, 8, 8, 8, 4, 4, 16, 16], shotPlannedMs: shot == 0 ? 0 : 60_000,
                        shotDeliveredMs: kind == .shotCompleted ? (number % 50 == 0 ? 63_000 : 60_000) : 0,
                        gammaAngle: shot == 0 ? 0 : 90, sessionKind: kind == .sessionOpened ? .treatment : nil))
            }
            // The unit's calibration, read at the start and again at the source exchange half-way through.
            if number == first || number == UInt32(sessions / 2) {
                let calibrated = number == first ? start.addingTimeInterval(-86_400) : opened
                records.append(
                    .identity(
                        ConsoleIdentity(
                            serial: "4711", model: "CO60-MS192", firmware: "1.4.2", mapRevision: 1, sourceCount: 192,
                            sectorCount: 8, referenceDoseRate: 3500, calibrationTime: calibrated, bootID: 1,
                            journalCapacity: 64, slotSize: 24)))
            }
            records.append(event(.sessionOpened, at: 0))
            records.append(
                .session(
                    SessionSnapshot(
                        number: number, patientID: "MRN\(number % 7919)", patientFamilyName: "PATIENT",
                        patientGivenName: "P", plan: "PLAN \(number)", shotsPlanned: 24, plannedMs: 1_440_000,
                        prescribedDoseMgy: 20_000, sessionDoseRate: 3000 - Int64(number % 1000) / 2,
                        operatorID: "RTT1", openedAt: opened)))
            for shot in 1...24 {
                records.append(event(.shotStarted, shot: shot, at: Double(shot) * 80))
                records.append(event(.shotCompleted, shot: shot, at: Double(shot) * 80 + 60))
            }
            records.append(event(.sessionCompleted, at: 2000))
            if number % 20 == 0 || number == UInt32(sessions) {
                let changes = log.apply(records)
                try await store.commit(
                    PollBatch(
                        console: "gk1", records: records,
                        state: ReaderState(
                            cursor: JournalCursor(consoleSerial: "4711", bootID: 1, lastSeq: seq), log: log),
                        sessions: changes.updated + changes.finalized, receivedAt: opened))
                records = []
            }
            number += 1
        }
    }

    func time(_ executable: String, _ arguments: [String]) throws -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let started = ContinuousClock.now
            _ = try shell(executable, arguments)
            samples.append((ContinuousClock.now - started).seconds * 1000)
        }
        return samples.sorted()[samples.count / 2]
    }

    func shell(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
