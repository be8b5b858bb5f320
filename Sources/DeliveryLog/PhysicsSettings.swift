/// Tolerances of the physics checks; defaults per the issue.
public struct PhysicsSettings: Sendable, Hashable, Codable {
    /// Delivered against planned beam-on time, per shot and in total, percent.
    public var timeTolerancePercent: Double = 1
    /// A course off by this much or more is a possible medical event, percent.
    public var courseMedicalEventPercent: Double = 20
    /// A single fraction off by this much or more is a possible medical event, percent.
    public var fractionMedicalEventPercent: Double = 50
    /// Session dose rate against the decayed reference, percent.
    public var doseRateTolerancePercent: Double = 2
    /// The Co-60 half-life, days.
    public var halfLifeDays: Double = 1925.28
    /// Console clock against the daemon's, seconds.
    public var clockSkewBoundSeconds: Double = 60

    /// The defaults.
    public init() {}
}
