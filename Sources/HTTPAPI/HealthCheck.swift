import Foundation

/// `/healthz`'s answer, worked out at most once a second: the probe writes the store, and anyone may ask,
/// so a flood of anonymous probes costs one write a second, never one each.
actor HealthCheck {
    /// The answer: whether all is well, and the text that says so or names what is not.
    typealias Answer = (healthy: Bool, text: String)

    private let maximumAge: Duration
    private let work: @Sendable () async -> Answer
    private var last: (at: ContinuousClock.Instant, answer: Answer)?
    private var running: Task<Answer, Never>?

    /// Answers from `work`, reusing one at most `maximumAge` old.
    init(maximumAge: Duration = .seconds(1), work: @escaping @Sendable () async -> Answer) {
        self.maximumAge = maximumAge
        self.work = work
    }

    /// The answer at most `maximumAge` old; callers that come while it is being worked out wait for it.
    func answer() async -> Answer {
        if let last, ContinuousClock.now - last.at < maximumAge { return last.answer }
        if let running { return await running.value }
        let task = Task { await work() }
        running = task
        let answer = await task.value
        last = (ContinuousClock.now, answer)
        running = nil
        return answer
    }
}
