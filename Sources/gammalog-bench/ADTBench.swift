import ArgumentParser
import ChargeCapture
import Foundation
import HL7
import HL7Interface
import Logging
import Store
import Synchronization
import TestSupport

/// The ADT feed under a flood: 1,000 messages from the hl7apy sender as fast
/// as the listener answers, while sessions close into the same store. Prints
/// messages per second and close -> charge stored during the flood against
/// a quiet baseline (goal: within one poll interval, 1 s).
struct ADTBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adt", abstract: "ADT messages per second, and charge latency while they arrive.")

    @Option(help: "Messages in the flood.")
    var messages = 1000

    mutating func run() async throws {
        var settings = ChargeSettings()
        settings.payers = .example
        let store = try temporaryStore(charges: settings)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let port = Mutex(0)
        let listener = ADTListener(
            store: store, settings: ADTFeedSettings(host: "127.0.0.1", port: 0, allowedPeers: ["127.0.0.1"]),
            payers: .example, assigningAuthority: "HOSP", zone: settings.timeZone, logger: logger,
            onListening: { bound in port.withLock { $0 = bound } })
        let feed = Task { try await listener.run() }
        defer { feed.cancel() }
        while port.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let bound = port.withLock { $0 }

        var number: UInt32 = 0
        func closeOne() async throws -> Double {
            number += 1
            let started = ContinuousClock.now
            try await closeSessions([closedTreatment(number, patient: "MRN\(number % 50)")], in: store)
            let took = ContinuousClock.now - started
            return Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000
        }
        var quiet: [Double] = []
        for _ in 0..<50 { quiet.append(try await closeOne()) }

        let step: [String: any Sendable] = [
            "event": "A08", "control_id": "FLOOD", "patient": "MRN7", "in1": [uhcIN1],
        ]
        let done = Mutex(false)
        let total = messages
        let flood = Task { () -> String in
            defer { done.withLock { $0 = true } }
            let lines = try await sendADT(port: bound, [step], count: total)
            guard let line = lines.last, let rate = line["per_second"] as? Double,
                let seconds = line["seconds"] as? Double
            else { return "    the flood failed: \(lines)" }
            return String(format: "    %.0f messages/s (%.2f s for %d)", rate, seconds, total)
        }
        var loaded: [Double] = []
        try await Task.sleep(for: .milliseconds(300))
        while !done.withLock({ $0 }) && loaded.count < 10_000 {
            loaded.append(try await closeOne())
            try await Task.sleep(for: .milliseconds(20))
        }
        let rate = try await flood.value
        print(
            "ADT feed: \(messages) A08 messages from the hl7apy sender over one MLLP connection, each ACKed after it is stored"
        )
        print(rate)
        print("session close -> charge stored (the poll's commit), ms")
        print("    quiet:          " + Self.summary(quiet))
        print("    during the flood: " + Self.summary(loaded))
        let p99 = Self.percentile(loaded, 0.99)
        print("    goal: within one poll interval (1000 ms): \(p99 <= 1000 ? "met" : "NOT met")")
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func summary(_ values: [Double]) -> String {
        String(
            format: "p50 %.1f  p99 %.1f  max %.1f  (%d closes)", percentile(values, 0.5), percentile(values, 0.99),
            values.max() ?? .nan, values.count)
    }
}
