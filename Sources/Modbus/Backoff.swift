/// Exponential back-off between reconnect attempts, doubled after each
/// failure up to a ceiling and reset by a success. Pure value, no clock.
public struct Backoff: Sendable, Hashable {
    /// The first delay after a failure.
    public var initial: Duration
    /// The longest delay.
    public var maximum: Duration
    /// Failures since the last success.
    public private(set) var failures = 0

    /// A back-off starting at `initial` and capped at `maximum`.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(10)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before the next attempt: zero after a success.
    public var currentDelay: Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<min(failures, 32) {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// Records a failed attempt.
    public mutating func recordFailure() { failures += 1 }

    /// Records a success: the next failure starts from `initial` again.
    public mutating func recordSuccess() { failures = 0 }
}
