import Foundation
import Hummingbird
import Synchronization

/// Slows guessing: a peer whose credentials were refused `burst` times is answered 429 (with `Retry-After`)
/// until its allowance refills at one refusal per `refill`. A refusal is any 401 to a request that carried a
/// credential; the credential itself is never kept or logged. Peers are told apart by address.
public struct RefusalLimitMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let allowance: RefusalAllowance

    /// A limit of `burst` refusals, refilled one every `refill`.
    public init(burst: Int = 10, refill: Duration = .seconds(6), now: @escaping @Sendable () -> Date = Date.init) {
        allowance = RefusalAllowance(burst: burst, refill: refill, now: now)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        // Only guessing is slowed: a request with no credential is a 401 whatever its address did, and the
        // routes open to all (/healthz, /metrics) take none.
        guard request.presentsCredential, path.hasPrefix("/api/v1/") || path.hasPrefix("/ui/") else {
            return try await next(request, context)
        }
        let peer = context.peer ?? "unknown"
        if let wait = allowance.waitBeforeNext(from: peer) {
            // Said once a peer is stopped, not at every refusal: a flood must not become a flood of log lines.
            if wait.first {
                context.logger.warning(
                    "credentials refused too often; answering 429 until the allowance refills",
                    metadata: ["peer": "\(peer)", "retry_after_s": "\(wait.seconds)"])
            }
            var refusal = APIError(.tooManyRequests, "too many refused credentials from this address; retry later")
            refusal.headers[.retryAfter] = "\(wait.seconds)"
            throw refusal
        }
        do {
            let response = try await next(request, context)
            if response.status == .unauthorized { allowance.refused(peer) }
            return response
        } catch let error as any HTTPResponseError {
            if error.status == .unauthorized { allowance.refused(peer) }
            throw error
        }
    }
}

/// Each peer's allowance of refused credentials: a token bucket, kept only for peers that were refused lately.
final class RefusalAllowance: Sendable {
    /// One peer's bucket: refusals left, when it was last counted, whether its stop was said.
    struct Bucket {
        var left: Double
        var at: Date
        var told = false
    }

    let burst: Double
    let refillSeconds: Double
    let now: @Sendable () -> Date
    private let buckets = Mutex<[String: Bucket]>([:])

    init(burst: Int, refill: Duration, now: @escaping @Sendable () -> Date) {
        self.burst = Double(max(1, burst))
        self.refillSeconds = max(
            0.001, Double(refill.components.seconds) + Double(refill.components.attoseconds) / 1e18)
        self.now = now
    }

    /// The seconds `peer` must wait before its next try, and whether this is the first time it is told;
    /// nil when it may try now.
    func waitBeforeNext(from peer: String) -> (seconds: Int, first: Bool)? {
        let time = now()
        return buckets.withLock { buckets in
            guard var bucket = buckets[peer] else { return nil }
            let left = min(burst, bucket.left + time.timeIntervalSince(bucket.at) / refillSeconds)
            guard left < 1 else { return nil }
            let first = !bucket.told
            bucket.told = true
            buckets[peer] = bucket
            return (Int(((1 - left) * refillSeconds).rounded(.up)), first)
        }
    }

    /// `peer` had a credential refused.
    func refused(_ peer: String) {
        let time = now()
        buckets.withLock { buckets in
            let bucket = buckets[peer] ?? Bucket(left: burst, at: time)
            let left = min(burst, bucket.left + time.timeIntervalSince(bucket.at) / refillSeconds)
            buckets[peer] = Bucket(left: max(0, left - 1), at: time, told: left >= 1 ? false : bucket.told)
            // Peers whose allowance is whole again are forgotten, so a scan of many addresses costs no memory.
            if buckets.count > 1024 {
                let whole = burst * refillSeconds
                buckets = buckets.filter { time.timeIntervalSince($0.value.at) < whole }
            }
        }
    }
}
