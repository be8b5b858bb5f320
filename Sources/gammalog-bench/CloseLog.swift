import Foundation

/// The sessions the bench closed, and when it first saw each one's charge.
final class CloseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var closes: [String: (site: Int, at: Date)] = [:]
    private var seenAt: [String: Date] = [:]

    func closed(_ id: String, site: Int, at time: Date) { lock.withLock { closes[id] = (site, time) } }

    func seen(_ ids: Set<String>, at time: Date) {
        lock.withLock { for id in ids where seenAt[id] == nil { seenAt[id] = time } }
    }

    func pending() -> [(id: String, site: Int)] {
        lock.withLock { closes.filter { seenAt[$0.key] == nil }.map { ($0.key, $0.value.site) } }
    }

    func closedIDs(site: Int?) -> [String] {
        lock.withLock { closes.filter { site == nil || $0.value.site == site }.map(\.key) }
    }

    func latencies() -> [Double] {
        lock.withLock {
            closes.compactMap { id, close in seenAt[id].map { $0.timeIntervalSince(close.at) * 1000 } }
        }
    }
}
