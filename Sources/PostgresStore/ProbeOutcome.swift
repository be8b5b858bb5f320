import Foundation
import Store

/// The first outcome of a write probe, its attempt's or its deadline's, handed once to the one who waits.
final class ProbeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<StoreError?, Never>?
    private var outcome: StoreError??

    /// Waits on `continuation`; resumes it at once when an outcome came first.
    func wait(_ continuation: CheckedContinuation<StoreError?, Never>) {
        let early: StoreError?? = lock.withLock {
            if let outcome { return outcome }
            self.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    /// The probe's outcome, nil for a write taken; only the first counts.
    func finish(_ error: StoreError?) {
        let waiting: CheckedContinuation<StoreError?, Never>? = lock.withLock {
            guard outcome == nil else { return nil }
            outcome = .some(error)
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: error)
    }
}
