import ArgumentParser
import ChargeCapture
import Console
import ConsoleRecords
import Daemon
import DeliveryLog
import Foundation
import HL7
import HL7Interface
import HTTPAPI
import Hummingbird
import Logging
import Modbus
import Settings
import Store
import TestSupport

/// Session close → charge ready → HL7 ACK, in poll intervals; and claim + ack
/// throughput over HTTP with four consumers.
struct ChargeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charges", abstract: "Close-to-ready and close-to-ACK latency; claim + ack throughput.")

    @Option(help: "Sessions to close.")
    var sessions = 40

    @Option(help: "Poll interval, ms.")
    var intervalMs = 200

    @Option(help: "Charges in the queue for the throughput run.")
    var charges = 4000

    @Option(help: "Charges per claim.")
    var batch = 10

    func run() async throws {
        try await latency()
        try await throughput()
    }

    func latency() async throws {
        var day = try BenchDay(sessions: sessions)
        let store = try temporaryStore()
        let poller = try day.poller(storing: store, every: intervalMs)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let responder = try AckResponder()
        let sender = HL7Sender(
            store: store, settings: HL7Settings(host: "127.0.0.1", port: responder.port), zone: .current, logger: logger
        )
        let tasks = [Task { try await poller.run() }, Task { try await sender.run() }]
        var ready: [Double] = []
        var acked: [Double] = []
        for number in 1...sessions {
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<intervalMs)))
            day.closeNextSession()
            let closed = ContinuousClock.now
            let id = DeliverySession.id(serial: "4711", number: UInt32(number))
            var readyAt: ContinuousClock.Instant?
            while true {
                let status = try await store.charge(id: id, at: .now)?.status
                if readyAt == nil, status == .ready || status == .exported { readyAt = ContinuousClock.now }
                if status == .exported { break }
                try await Task.sleep(for: .milliseconds(1))
            }
            ready.append(((readyAt ?? closed) - closed).seconds * 1000)
            acked.append((ContinuousClock.now - closed).seconds * 1000)
        }
        tasks.forEach { $0.cancel() }
        day.simulator.stop()
        let interval = Double(intervalMs)
        BenchDay.report(
            "session close at the console -> charge ready, \(sessions) sessions, poll interval \(intervalMs) ms",
            ready, interval: interval, goal: interval + 50)
        BenchDay.report(
            "session close at the console -> HL7 ACK (loopback receiver answering AA at once)", acked,
            interval: interval, goal: interval + 150)
        let extra = zip(acked, ready).map { $0 - $1 }.sorted()
        print(
            String(
                format: "    ready -> ACK alone: p50 %.1f ms, p99 %.1f ms (goal <= 100 ms more)",
                extra[extra.count / 2],
                extra[min(extra.count - 1, Int(Double(extra.count) * 0.99))]))
    }

    func throughput() async throws {
        let store = try temporaryStore()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var made = 0
        while made < charges {
            let count = min(500, charges - made)
            try await closeSessions(
                (0..<count).map {
                    closedTreatment(
                        UInt32(made + $0 + 1), patient: "MRN\(made + $0)",
                        opened: start.addingTimeInterval(Double(made + $0)))
                },
                in: store)
            made += count
        }
        let token = "bench-billing"
        let api = APIServer(
            store: store, tokens: [.init(name: "bench", role: .billing, sha256: TokenAuthority.hash(token))],
            consoles: [])
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let port = Int.random(in: 30_000..<40_000)
        let app = try APIServer.application(router: api.router(), host: "127.0.0.1", port: port, logger: logger)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        for _ in 0..<200 where (try? HTTPProbe.request(port: port, "GET", "/healthz")) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        let began = ContinuousClock.now
        let batch = self.batch
        let exported = try await withThrowingTaskGroup(of: Int.self) { group in
            for consumer in 0..<4 {
                group.addTask {
                    try await BillingConsumer(port: port, token: token, name: "c\(consumer)", batch: batch).drain()
                        .count
                }
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
        let seconds = (ContinuousClock.now - began).seconds
        let stored = try await store.charges(ChargeQuery(status: .exported, limit: 1000), at: Date()).count
        print("")
        print("claim + ack over HTTP, 4 consumers, \(batch) charges per claim, one connection per request")
        print(
            String(
                format:
                    "    %d charges exported in %.2f s: %.0f charges/s (%.0f claim+ack pairs/s); first page of exported: %d",
                exported, seconds, Double(exported) / seconds, Double(exported) / Double(batch) / seconds, stored))
    }
}
