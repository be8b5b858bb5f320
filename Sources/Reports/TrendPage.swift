import DeliveryLog
import Foundation

/// The trend page's context: its four plots and, beneath each, the numbers.
struct TrendPage {
    struct DoseRow {
        var time: String
        /// The session, when the row is one session; else the row is a period of `sessions`.
        var link: String?
        var sessions: Int
        var measured: String
        var expected: String
        var deviation: String
    }

    struct MonthRow {
        var month: String
        var sessions: Int
        var treatments: Int
        var qa: Int
        var counts: [Int]
        var faults: Int
        var earlyEnds: Int
    }

    struct QARow {
        var time: String
        var session: String
        var result: String
        var passed: Bool
        var outcome: String
        var doseRate: String
    }

    struct ShotRow {
        var time: String
        var link: String?
        var sessions: Int
        var deviation: String
    }

    var console: String
    var consoles: [String]
    var from: String
    var to: String
    var csv: String
    var monthlyCSV: String
    var halfLife: String
    var dosePlot: Plot
    var shotPlot: Plot
    var interruptionPlot: Plot
    var faultPlot: Plot
    var dose: [DoseRow]
    var shots: [ShotRow]
    var reasons: [String]
    var months: [MonthRow]
    var qa: [QARow]
    var calibrations: [String]
    /// How the plots and tables gather sessions: "" one by one, else the period.
    var period: String

    static let palette = ["#1d3557", "#e76f51", "#2a9d8f", "#e9c46a", "#8338ec", "#6c757d", "#d62828", "#43aa8b"]

    init(
        _ trend: Trend, console: String, consoles: [String], from: Date, to: Date, query: String, zone: TimeZone
    ) {
        self.console = console
        self.consoles = consoles
        self.from = Formats.day(from, in: zone)
        self.to = Formats.day(to.addingTimeInterval(-1), in: zone)
        csv = "/ui/trends.csv?\(query)"
        monthlyCSV = "/ui/trends.csv?\(query)&series=monthly"
        halfLife = Formats.number(trend.halfLifeDays, decimals: 2)
        let days = Self.binDays(trend, from: from, to: to)
        period = days == 0 ? "" : "each point is the mean of \(days) days of sessions (the CSV has every session)"
        let bins = trend.bins(days: days, from: from, zone: zone)
        let shotBins = Self.worstShots(trend, days: days, from: from)
        dosePlot = Self.dosePlot(trend, bins: bins, from: from, to: to, zone: zone)
        shotPlot = Self.shotPlot(shotBins, from: from, to: to, zone: zone)
        interruptionPlot = Self.interruptionPlot(trend)
        faultPlot = Self.faultPlot(trend)
        dose = bins.map {
            DoseRow(
                time: days == 0 ? Formats.time($0.at, in: zone) : $0.label,
                link: days == 0 ? $0.firstSession : nil, sessions: $0.sessions,
                measured: Formats.number($0.measured, decimals: days == 0 ? 0 : 1),
                expected: Formats.number($0.expected, decimals: 1),
                deviation: $0.sessions == 1
                    ? Formats.percent($0.deviationPercent)
                    : "\(Formats.percent($0.deviationPercent)) (\(Formats.percent($0.deviations.lowerBound)) to \(Formats.percent($0.deviations.upperBound)))"
            )
        }
        shots = shotBins.map {
            ShotRow(
                time: days == 0 ? Formats.time($0.point.at, in: zone) : Formats.day($0.point.at, in: zone),
                link: days == 0 ? $0.point.session : nil, sessions: $0.sessions,
                deviation: Formats.percent($0.point.deviationPercent))
        }
        reasons = trend.reasons
        months = trend.months.map { month in
            MonthRow(
                month: month.month, sessions: month.sessions, treatments: month.treatments, qa: month.qa,
                counts: trend.reasons.map { month.interruptions[$0] ?? 0 }, faults: month.faults,
                earlyEnds: month.earlyEnds)
        }
        qa = trend.qa.map {
            QARow(
                time: Formats.time($0.at, in: zone), session: $0.session,
                result: $0.warnings.isEmpty ? "passed" : $0.warnings.joined(separator: ", "),
                passed: $0.warnings.isEmpty,
                outcome: $0.outcome.rawValue, doseRate: $0.doseRateDeviationPercent.map(Formats.percent) ?? "-")
        }
        calibrations = trend.calibrations.map {
            "\($0.referenceDoseRate) mGy/min at \(Formats.time($0.calibratedAt, in: zone))"
        }
    }

    /// 0 (every session a point) up to 400 points, else whole weeks that make at most about 400 periods.
    static func binDays(_ trend: Trend, from: Date, to: Date) -> Int {
        guard trend.dose.count > 400 || trend.shots.count > 400 else { return 0 }
        let span = to.timeIntervalSince(from) / 86_400
        return 7 * max(1, Int((span / 7 / 400).rounded(.up)))
    }

    /// Each period's worst shot (the largest deviation either way) and how many sessions it gathers.
    static func worstShots(_ trend: Trend, days: Int, from: Date) -> [(point: Trend.ShotPoint, sessions: Int)] {
        guard days > 0 else { return trend.shots.map { ($0, 1) } }
        var result: [(point: Trend.ShotPoint, sessions: Int, index: Int)] = []
        for point in trend.shots {
            let index = Int(point.at.timeIntervalSince(from) / 86_400) / days
            if let last = result.last, last.index == index {
                let worse = abs(point.deviationPercent) > abs(last.point.deviationPercent) ? point : last.point
                result[result.count - 1] = (worse, last.sessions + 1, index)
            } else {
                result.append((point, 1, index))
            }
        }
        return result.map { ($0.point, $0.sessions) }
    }

    static func dosePlot(_ trend: Trend, bins: [Trend.Bin], from: Date, to: Date, zone: TimeZone) -> Plot {
        var plot = Plot(
            title: "Session dose rate against the decay-corrected expectation", yLabel: "mGy/min", xLabel: "date")
        plot.timeAxis(from: from, to: to, zone: zone)
        let xRange = from.timeIntervalSince1970...to.timeIntervalSince1970
        // The expectation drawn over each calibration's stretch of the range, sampled; a new calibration is a step.
        var curves: [[(Date, Double)]] = []
        for (index, calibration) in trend.calibrations.enumerated() {
            let start = max(calibration.calibratedAt, from)
            let end = index + 1 < trend.calibrations.count ? max(trend.calibrations[index + 1].calibratedAt, start) : to
            curves.append(
                (0...24).map { step in
                    let at = start.addingTimeInterval(end.timeIntervalSince(start) * Double(step) / 24)
                    return (at, calibration.expectedRate(at: at, halfLifeDays: trend.halfLifeDays))
                })
        }
        let values = bins.flatMap { [$0.measured, $0.expected] } + curves.flatMap { $0.map(\.1) }
        let (range, ticks) = Plot.niceTicks(values)
        plot.yAxis(ticks, range: range, decimals: 0)
        plot.lines = curves.map { curve in
            Plot.Line(
                points: curve.map {
                    String(
                        format: "%.1f,%.1f", Plot.x($0.0.timeIntervalSince1970, in: xRange), Plot.y($0.1, in: range))
                }.joined(separator: " "), color: "#e76f51", dash: "6 4", title: "expected (Co-60 decay)")
        }
        plot.dots = bins.map {
            Plot.Dot(
                x: Plot.x($0.at.timeIntervalSince1970, in: xRange), y: Plot.y($0.measured, in: range), color: "#1d3557",
                title:
                    "\($0.label): \($0.sessions) session(s), \(Formats.number($0.measured, decimals: 1)) mGy/min, expected \(Formats.number($0.expected, decimals: 1)) (\(Formats.percent($0.deviationPercent)))"
            )
        }
        plot.key("measured (session)", color: "#1d3557")
        plot.key("expected (Co-60 decay)", color: "#e76f51", line: true, dash: "6 4")
        return plot
    }

    static func shotPlot(
        _ shots: [(point: Trend.ShotPoint, sessions: Int)], from: Date, to: Date, zone: TimeZone
    ) -> Plot {
        var plot = Plot(title: "Worst shot per session: delivered against planned time", yLabel: "%", xLabel: "date")
        plot.timeAxis(from: from, to: to, zone: zone)
        let xRange = from.timeIntervalSince1970...to.timeIntervalSince1970
        let (range, ticks) = Plot.niceTicks(shots.map(\.point.deviationPercent) + [0], fromZero: true)
        plot.yAxis(ticks, range: range, decimals: 1)
        let zero = Plot.y(0, in: range)
        plot.lines = [
            Plot.Line(
                points: String(format: "%.1f,%.1f %.1f,%.1f", Plot.left, zero, Plot.right, zero), color: "#6c757d",
                dash: "2 3", title: "as planned")
        ]
        plot.dots = shots.map {
            Plot.Dot(
                x: Plot.x($0.point.at.timeIntervalSince1970, in: xRange),
                y: Plot.y($0.point.deviationPercent, in: range),
                color: "#2a9d8f", title: "\($0.point.session): \(Formats.percent($0.point.deviationPercent))")
        }
        plot.key("worst shot", color: "#2a9d8f")
        plot.key("as planned", color: "#6c757d", line: true, dash: "2 3")
        return plot
    }

    /// Bars per month: `series` side by side, or stacked when `stacked`.
    static func monthBars(
        _ trend: Trend, title: String, series: [(label: String, count: (Trend.Month) -> Int)], stacked: Bool
    ) -> Plot {
        var plot = Plot(title: title, yLabel: "count", xLabel: "month")
        let totals = trend.months.map { month in
            stacked ? series.map { $0.count(month) }.reduce(0, +) : series.map { $0.count(month) }.max() ?? 0
        }
        let (range, ticks) = Plot.niceTicks(totals.map(Double.init) + [1], fromZero: true, counts: true)
        plot.yAxis(ticks, range: range, decimals: 0)
        let slot = (Plot.right - Plot.left) / Double(max(trend.months.count, 1))
        let every = max(1, Int((Double(trend.months.count) / 8).rounded(.up)))
        plot.xTicks = trend.months.enumerated().compactMap { index, month in
            index % every == 0 ? Plot.Tick(at: Plot.left + slot * (Double(index) + 0.5), label: month.month) : nil
        }
        for (index, month) in trend.months.enumerated() {
            var base = 0
            for (number, item) in series.enumerated() {
                let count = item.count(month)
                guard count > 0 else { continue }
                let width = stacked ? slot * 0.7 : slot * 0.7 / Double(series.count)
                let x = Plot.left + slot * Double(index) + slot * 0.15 + (stacked ? 0 : width * Double(number))
                let top = Plot.y(Double(base + count), in: range)
                let bottom = Plot.y(Double(base), in: range)
                plot.bars.append(
                    Plot.Bar(
                        x: x, y: top, width: width, height: bottom - top, color: palette[number % palette.count],
                        title: "\(month.month): \(count) \(item.label)"))
                if stacked { base += count }
            }
        }
        for (number, item) in series.enumerated() { plot.key(item.label, color: palette[number % palette.count]) }
        return plot
    }

    static func interruptionPlot(_ trend: Trend) -> Plot {
        monthBars(
            trend, title: "Interruptions per month, by reason",
            series: trend.reasons.map { reason in (reason, { $0.interruptions[reason] ?? 0 }) }, stacked: true)
    }

    static func faultPlot(_ trend: Trend) -> Plot {
        monthBars(
            trend, title: "Faults and early ends per month",
            series: [("faults", { $0.faults }), ("early ends", { $0.earlyEnds })], stacked: false)
    }
}
