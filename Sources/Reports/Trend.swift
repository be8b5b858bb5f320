import ConsoleRecords
import DeliveryLog
import Foundation

/// A console's sessions across a range, as a physicist follows them: the
/// session dose rate against the decay-corrected expectation of the
/// calibration in force (a source exchange is a step), each session's worst
/// shot, interruptions by reason, faults and early ends per month, and the
/// QA sessions. Pure: computed from `SessionMetrics`, in the facility's zone.
public struct Trend: Sendable, Hashable {
    /// One session's dose rate against its expectation.
    public struct DosePoint: Sendable, Hashable {
        /// Session id.
        public var session: String
        /// Opened.
        public var at: Date
        /// Session dose rate, mGy/min.
        public var measured: Double
        /// The calibration's reference decayed to the session, mGy/min.
        public var expected: Double
        /// Measured against expected, percent.
        public var deviationPercent: Double { (measured - expected) / expected * 100 }
        /// The calibration it was measured under.
        public var calibration: Calibration
    }

    /// One session's worst shot: delivered against planned beam-on time.
    public struct ShotPoint: Sendable, Hashable {
        /// Session id.
        public var session: String
        /// Opened.
        public var at: Date
        /// Percent, signed.
        public var deviationPercent: Double
    }

    /// One calendar month of the range.
    public struct Month: Sendable, Hashable {
        /// `YYYY-MM` in the facility's zone.
        public var month: String
        /// Sessions opened.
        public var sessions = 0
        /// Treatment sessions.
        public var treatments = 0
        /// QA sessions.
        public var qa = 0
        /// Interruptions by reason.
        public var interruptions: [String: Int] = [:]
        /// Faults raised during sessions.
        public var faults = 0
        /// Sessions ended by the operator or by a fault.
        public var earlyEnds = 0
    }

    /// A QA session and its result.
    public struct QASession: Sendable, Hashable {
        /// Session id.
        public var session: String
        /// Opened.
        public var at: Date?
        /// The warning and alert codes; empty = passed.
        public var warnings: [String]
        /// How it ended.
        public var outcome: SessionOutcome
        /// Its dose rate against expectation, percent, when both are known.
        public var doseRateDeviationPercent: Double?
    }

    /// Dose rate points, oldest first.
    public var dose: [DosePoint]
    /// Worst shot per session, oldest first.
    public var shots: [ShotPoint]
    /// Every month from the first to the last of the range, with zeros for quiet ones.
    public var months: [Month]
    /// QA sessions, oldest first.
    public var qa: [QASession]
    /// The distinct calibrations met, oldest first.
    public var calibrations: [Calibration]
    /// The half-life the expectation uses, days.
    public var halfLifeDays: Double

    /// The trend of `sessions` (oldest first) over the months of `from..<to` in `zone`.
    public init(
        _ sessions: [SessionMetrics], from: Date, to: Date, zone: TimeZone, halfLifeDays: Double = 1925.28
    ) {
        self.halfLifeDays = halfLifeDays
        dose = sessions.compactMap { session in
            guard let rate = session.doseRate, rate > 0, let calibration = session.calibration,
                let at = session.openedAt
            else { return nil }
            return DosePoint(
                session: session.id, at: at, measured: Double(rate),
                expected: calibration.expectedRate(at: at, halfLifeDays: halfLifeDays), calibration: calibration)
        }
        shots = sessions.compactMap { session in
            guard let worst = session.worstShotDeviationPercent, let at = session.openedAt else { return nil }
            return ShotPoint(session: session.id, at: at, deviationPercent: worst)
        }
        var calibrations: [Calibration] = []
        for point in dose where calibrations.last != point.calibration { calibrations.append(point.calibration) }
        self.calibrations = calibrations
        var months = Self.months(from: from, to: to, zone: zone).map { Month(month: $0) }
        // Each month's end, once: sessions are placed by comparison, not by a calendar per session.
        let ends = months.compactMap { Self.interval(ofMonth: $0.month, in: zone)?.end }
        for session in sessions {
            guard let at = session.openedAt, at >= from, ends.count == months.count else { continue }
            var low = 0
            var high = ends.count
            while low < high {
                let middle = (low + high) / 2
                if ends[middle] <= at { low = middle + 1 } else { high = middle }
            }
            guard low < months.count else { continue }
            let i = low
            months[i].sessions += 1
            if session.kind == .treatment { months[i].treatments += 1 }
            if session.kind == .qa { months[i].qa += 1 }
            for reason in session.interruptions { months[i].interruptions[reason, default: 0] += 1 }
            months[i].faults += session.faults
            if session.outcome == .endedByOperator || session.outcome == .endedByFault { months[i].earlyEnds += 1 }
        }
        self.months = months
        let deviations = Dictionary(dose.map { ($0.session, $0.deviationPercent) }, uniquingKeysWith: { a, _ in a })
        qa = sessions.filter { $0.kind == .qa }.map {
            QASession(
                session: $0.id, at: $0.openedAt, warnings: $0.warnings, outcome: $0.outcome,
                doseRateDeviationPercent: deviations[$0.id])
        }
    }

    /// The interruption reasons met, in the order the console's vocabulary lists them, then any others.
    public var reasons: [String] {
        let met = Set(months.flatMap(\.interruptions.keys))
        let known = InterruptionReason.allCases.map(\.rawValue).filter(met.contains)
        return known + met.subtracting(known).sorted()
    }

    /// `YYYY-MM` of `date` in `zone`.
    public static func month(of date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
    }

    /// The start of month `month` (`YYYY-MM`) in `zone` and the start of the next; nil when it is not a month.
    public static func interval(ofMonth month: String, in zone: TimeZone) -> (start: Date, end: Date)? {
        let parts = month.split(separator: "-").map { Int($0) }
        guard parts.count == 2, let year = parts[0], let number = parts[1], (1...12).contains(number),
            month.count == 7
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: DateComponents(year: year, month: number, day: 1)),
            let end = calendar.date(byAdding: .month, value: 1, to: start)
        else { return nil }
        return (start, end)
    }

    /// Every `YYYY-MM` touched by `from..<to` in `zone`, at most 240.
    static func months(from: Date, to: Date, zone: TimeZone) -> [String] {
        var result: [String] = []
        var cursor = month(of: from, in: zone)
        let last = month(of: to.addingTimeInterval(-1), in: zone)
        while result.count < 240, let range = interval(ofMonth: cursor, in: zone) {
            result.append(cursor)
            if cursor >= last { break }
            cursor = month(of: range.end, in: zone)
        }
        return result
    }

    /// Dose rate points gathered into periods when there are too many to read one by one: each period's mean
    /// measured and expected rate, its deviations' range, and its worst shot.
    public struct Bin: Sendable, Hashable {
        /// The period's first day, `YYYY-MM-DD`.
        public var label: String
        /// The mean opening time of its sessions.
        public var at: Date
        /// Sessions with a dose rate in it.
        public var sessions: Int
        /// The first of them.
        public var firstSession: String
        /// Mean session dose rate, mGy/min.
        public var measured: Double
        /// Mean expectation, mGy/min.
        public var expected: Double
        /// Smallest and largest deviation, percent.
        public var deviations: ClosedRange<Double>
        /// Mean measured against mean expected, percent.
        public var deviationPercent: Double { (measured - expected) / expected * 100 }
        /// The calibration its sessions ran under (a period is split at a source exchange).
        public var calibration: Calibration
    }

    /// The dose points in periods of `days` days from `start` (split where the calibration changes), oldest
    /// first; one period per point when `days` is 0.
    public func bins(days: Int, from start: Date, zone: TimeZone) -> [Bin] {
        var bins: [Bin] = []
        var current: (index: Int, calibration: Calibration, points: [DosePoint])?
        func close() {
            guard let current, let first = current.points.first else { return }
            let count = Double(current.points.count)
            let periodStart = start.addingTimeInterval(Double(current.index * days) * 86_400)
            let deviations = current.points.map(\.deviationPercent)
            bins.append(
                Bin(
                    label: Formats.day(days == 0 ? first.at : periodStart, in: zone),
                    at: Date(
                        timeIntervalSince1970: current.points.map(\.at.timeIntervalSince1970).reduce(0, +) / count),
                    sessions: current.points.count, firstSession: first.session,
                    measured: current.points.map(\.measured).reduce(0, +) / count,
                    expected: current.points.map(\.expected).reduce(0, +) / count,
                    deviations: (deviations.min() ?? 0)...(deviations.max() ?? 0), calibration: current.calibration))
        }
        for (number, point) in dose.enumerated() {
            let index = days == 0 ? number : Int(point.at.timeIntervalSince(start) / 86_400) / days
            if let open = current, open.index == index, open.calibration == point.calibration {
                current?.points.append(point)
                continue
            }
            close()
            current = (index, point.calibration, [point])
        }
        close()
        return bins
    }
}
