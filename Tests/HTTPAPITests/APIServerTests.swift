import ConsoleRecords
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Settings
import Store
import TestSupport
import Testing

let tokens: [DaemonConfiguration.Token] = [
    .init(name: "billing", role: .billing, sha256: TokenAuthority.hash("billing-token")),
    .init(name: "physicist", role: .physicist, sha256: TokenAuthority.hash("physicist-token")),
    .init(name: "admin", role: .admin, sha256: TokenAuthority.hash("admin-token")),
]

/// A store holding one completed session with an interruption.
func storeWithASession() async throws -> SQLiteStore {
    let store = try temporaryStore()
    var log = DeliveryLog(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"))
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    func event(_ seq: UInt32, _ kind: EventKind, shot: Int = 0, delivered: Int64 = 0, reason: InterruptionReason? = nil)
        -> JournalRecord
    {
        .event(
            ConsoleEvent(
                seq: seq, time: start.addingTimeInterval(Double(seq) * 60), kind: kind, session: 123, shot: shot,
                sectors: shot == 0 ? [] : [16, 16, 8, 8, 4, 4, 0, 16], shotPlannedMs: shot == 0 ? 0 : 360_000,
                shotDeliveredMs: delivered, reason: reason, gammaAngle: shot == 0 ? 0 : 90,
                sessionKind: kind == .sessionOpened ? .treatment : nil))
    }
    let records: [JournalRecord] = [
        event(1, .sessionOpened),
        .session(
            SessionSnapshot(
                number: 123, patientID: "MRN0012345", patientFamilyName: "DOE", patientGivenName: "<script>JANE",
                plan: "LT PARIETAL MET", shotsPlanned: 1, plannedMs: 360_000, prescribedDoseMgy: 20_000,
                sessionDoseRate: 3100, operatorID: "RTT1")),
        event(2, .shotStarted, shot: 1),
        event(3, .interrupted, shot: 1, delivered: 100_000, reason: .doorOpened),
        event(4, .resumed, shot: 1, delivered: 100_000),
        event(5, .shotCompleted, shot: 1, delivered: 360_000),
        event(6, .sessionCompleted),
    ]
    let changes = log.apply(records)
    try await store.commit(
        PollBatch(
            console: "gk1", records: records,
            state: ReaderState(cursor: JournalCursor(consoleSerial: "4711", bootID: 1, lastSeq: 6), log: log),
            sessions: changes.updated + changes.finalized, receivedAt: start))
    return store
}

func bearer(_ token: String) -> HTTPFields {
    var fields = HTTPFields()
    fields[.authorization] = "Bearer \(token)"
    return fields
}

@Suite struct APIServerTests {
    func app(
        _ store: SQLiteStore, consoles: [any ConsoleHealthSource] = [], now: @escaping @Sendable () -> Date = Date.init
    ) -> some ApplicationProtocol {
        Application(
            router: APIServer(store: store, charges: store.chargeSettings, tokens: tokens, consoles: consoles, now: now)
                .router())
    }

    @Test func withoutATokenTheAnswerIs401() async throws {
        try await app(try await storeWithASession()).test(.router) { client in
            try await client.execute(uri: "/api/v1/sessions", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("\"error\""))
            }
            try await client.execute(uri: "/api/v1/sessions", method: .get, headers: bearer("guess")) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func aBillingTokenMayNotReadSessions() async throws {
        try await app(try await storeWithASession()).test(.router) { client in
            try await client.execute(uri: "/api/v1/sessions", method: .get, headers: bearer("billing-token")) {
                response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("physicist"))
            }
        }
    }

    @Test(arguments: ["physicist-token", "admin-token"])
    func physicistsAndAdminsListSessionsInTheContractsShape(token: String) async throws {
        try await app(try await storeWithASession()).test(.router) { client in
            try await client.execute(uri: "/api/v1/sessions?limit=10", method: .get, headers: bearer(token)) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let sessions = try #require(object?["sessions"] as? [[String: Any]])
                let session = try #require(sessions.first)
                for key in [
                    "id", "console", "number", "kind", "patient", "plan", "fraction", "fractions_planned", "targets",
                    "outcome", "opened_at", "closed_at", "shots_planned", "shots_delivered", "planned_ms",
                    "delivered_ms", "prescribed_dose_mgy", "session_dose_rate_mgy_min", "immobilization", "operator",
                    "interruptions", "record_complete", "flags", "shots", "review", "charge_id",
                ] {
                    #expect(session.keys.contains(key), "missing \(key)")
                }
                #expect(session["id"] as? String == "GK-4711-000123")
                #expect(session["outcome"] as? String == "completed" && session["kind"] as? String == "treatment")
                #expect(session["opened_at"] as? String == "2026-11-18T11:07:40Z")
                #expect(session["review"] is NSNull)
                let interruption = try #require((session["interruptions"] as? [[String: Any]])?.first)
                #expect(interruption["reason"] as? String == "door_opened" && interruption["shot"] as? Int == 1)
                let shot = try #require((session["shots"] as? [[String: Any]])?.first)
                #expect(shot["sectors"] as? [Int] == [16, 16, 8, 8, 4, 4, 0, 16] && shot["x_um"] as? Int == 100_000)
                #expect((session["patient"] as? [String: Any])?["id"] as? String == "MRN0012345")
            }
        }
    }

    @Test func oneSessionCarriesItsStoredEvents() async throws {
        try await app(try await storeWithASession()).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/sessions/GK-4711-000123", method: .get, headers: bearer("physicist-token")
            ) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let events = try #require(object?["events"] as? [[String: Any]])
                #expect(
                    events.map { $0["kind"] as? String } == [
                        "event", "session", "event", "event", "event", "event", "event",
                    ])
                #expect(events.allSatisfy { ($0["hash"] as? String)?.count == 64 })
            }
        }
    }

    @Test func anUnknownSessionIs404AndABadQueryIs400() async throws {
        try await app(try await storeWithASession()).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/sessions/GK-4711-999999", method: .get, headers: bearer("admin-token")
            ) {
                #expect($0.status == .notFound)
            }
            for uri in [
                "/api/v1/sessions?limit=0", "/api/v1/sessions?limit=1001", "/api/v1/sessions?since=yesterday",
                "/api/v1/sessions?flagged=maybe", "/api/v1/sessions/%3Cscript%3E",
            ] {
                try await client.execute(uri: uri, method: .get, headers: bearer("admin-token")) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).hasPrefix("{\"error\":"))
                }
            }
        }
    }

    /// A console whose poller started at `started` and last read at `lastGoodRead`.
    struct Console: ConsoleHealthSource {
        var console: String
        var started: Date
        var staleAfter: Duration
        var lastGoodRead: Date?
    }

    @Test func healthIs503NamingTheConsoleReadLongerAgoThanItsBound() async throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let later = start.addingTimeInterval(31)
        let fresh = Console(console: "gk1", started: start, staleAfter: .seconds(30), lastGoodRead: later)
        let stale = Console(console: "gk2", started: start, staleAfter: .seconds(30), lastGoodRead: start)
        let silent = Console(console: "gk3", started: start, staleAfter: .seconds(30), lastGoodRead: nil)
        try await app(try await storeWithASession(), consoles: [fresh, stale, silent], now: { later }).test(.router) {
            client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let text = String(buffer: response.body)
                #expect(text.contains("console gk2: last good read 31 s ago (bound 30 s)"))
                #expect(text.contains("console gk3: no good read yet") && !text.contains("gk1"))
            }
        }
        try await app(try await storeWithASession(), consoles: [fresh], now: { later }).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
