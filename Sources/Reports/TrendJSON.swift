import ChargeCapture
import Foundation

/// `GET /api/v1/trends`: the trend's points and months as the CSVs give them.
public struct TrendJSON: Encodable, Sendable {
    let trend: Trend
    let console: String?
    let range: TrendRange

    /// The document of `trend` for `console` over `range`.
    public init(_ trend: Trend, console: String?, range: TrendRange) {
        self.trend = trend
        self.console = console
        self.range = range
    }

    enum CodingKeys: String, CodingKey {
        case console, from, to, dose = "dose_rate", shots = "worst_shots", months, qa, calibrations
        case halfLifeDays = "half_life_days"
    }

    struct Dose: Encodable {
        var session: String
        var opened_at: String
        var measured_mgy_min: Double
        var expected_mgy_min: Double
        var deviation_percent: Double
        var reference_dose_rate: Int
        var calibrated_at: String
    }

    struct Shot: Encodable {
        var session: String
        var opened_at: String
        var deviation_percent: Double
    }

    struct Month: Encodable {
        var month: String
        var sessions: Int
        var treatments: Int
        var qa: Int
        var interruptions: [String: Int]
        var faults: Int
        var early_ends: Int
    }

    struct QA: Encodable {
        var session: String
        var opened_at: String?
        var outcome: String
        var warnings: [String]
        var dose_rate_deviation_percent: Double?
    }

    struct CalibrationJSON: Encodable {
        var reference_dose_rate: Int
        var calibrated_at: String
    }

    static func r(_ value: Double, _ places: Double) -> Double { (value * places).rounded() / places }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(console, forKey: .console)
        try c.encode(RFC3339.format(range.start), forKey: .from)
        try c.encode(RFC3339.format(range.end), forKey: .to)
        try c.encode(trend.halfLifeDays, forKey: .halfLifeDays)
        try c.encode(
            trend.dose.map {
                Dose(
                    session: $0.session, opened_at: RFC3339.format($0.at), measured_mgy_min: $0.measured,
                    expected_mgy_min: Self.r($0.expected, 100), deviation_percent: Self.r($0.deviationPercent, 1000),
                    reference_dose_rate: $0.calibration.referenceDoseRate,
                    calibrated_at: RFC3339.format($0.calibration.calibratedAt))
            }, forKey: .dose)
        try c.encode(
            trend.shots.map {
                Shot(
                    session: $0.session, opened_at: RFC3339.format($0.at),
                    deviation_percent: Self.r($0.deviationPercent, 1000))
            }, forKey: .shots)
        try c.encode(
            trend.months.map {
                Month(
                    month: $0.month, sessions: $0.sessions, treatments: $0.treatments, qa: $0.qa,
                    interruptions: $0.interruptions, faults: $0.faults, early_ends: $0.earlyEnds)
            }, forKey: .months)
        try c.encode(
            trend.qa.map {
                QA(
                    session: $0.session, opened_at: $0.at.map(RFC3339.format), outcome: $0.outcome.rawValue,
                    warnings: $0.warnings,
                    dose_rate_deviation_percent: $0.doseRateDeviationPercent.map { Self.r($0, 1000) })
            }, forKey: .qa)
        try c.encode(
            trend.calibrations.map {
                CalibrationJSON(
                    reference_dose_rate: $0.referenceDoseRate, calibrated_at: RFC3339.format($0.calibratedAt))
            }, forKey: .calibrations)
    }
}
