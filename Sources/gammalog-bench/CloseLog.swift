import Foundation

/// The sessions the bench closed, in which round, and when it first saw each one's charge.
final class CloseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var closes: [String: (site: Int, round: Int, at: Date)] = [:]
    private var seenAt: [String: Date] = [:]

    func closed(_ id: String, site: Int, round: Int, at time: Date) {
        lock.withLock { closes[id] = (site, round, time) }
    }

    func seen(_ ids: Set<String>, at time: Date) {
        lock.withLock { for id in ids where seenAt[id] == nil { seenAt[id] = time } }
    }

    func pending() -> [(id: String, site: Int)] {
        lock.withLock { closes.filter { seenAt[$0.key] == nil }.map { ($0.key, $0.value.site) } }
    }

    func closedIDs(site: Int?) -> [String] {
        lock.withLock { closes.filter { site == nil || $0.value.site == site }.map(\.key) }
    }

    /// Milliseconds from each close to `read(id)`, for the closes `read` knows.
    func delays(to read: [String: Date]) -> [Double] {
        lock.withLock { closes.compactMap { id, close in read[id].map { $0.timeIntervalSince(close.at) * 1000 } } }
    }

    /// Milliseconds from each close to its charge seen, by round.
    func latencies() -> [Int: [Double]] {
        lock.withLock {
            var byRound: [Int: [Double]] = [:]
            for (id, close) in closes {
                guard let seen = seenAt[id] else { continue }
                byRound[close.round, default: []].append(seen.timeIntervalSince(close.at) * 1000)
            }
            return byRound
        }
    }
}
