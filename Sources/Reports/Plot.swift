import Foundation

/// A chart drawn on the server as SVG (through the `plot` template): axes
/// with ticks and units, lines, points and bars, and a legend. The numbers
/// are always also in a table beneath it on the page. Coordinates are in a
/// 1000 × 380 view box.
public struct Plot: Sendable, Hashable {
    /// A tick on an axis.
    public struct Tick: Sendable, Hashable {
        /// Position along the axis.
        public var at: Double
        /// Its label.
        public var label: String
    }

    /// A polyline.
    public struct Line: Sendable, Hashable {
        /// `x,y x,y …`.
        public var points: String
        /// Stroke colour.
        public var color: String
        /// `stroke-dasharray`, empty for solid.
        public var dash: String
        /// What it is, for its tooltip.
        public var title: String
    }

    /// A point (drawn as a small circle).
    public struct Dot: Sendable, Hashable {
        /// x.
        public var x: Double
        /// y.
        public var y: Double
        /// Fill colour.
        public var color: String
        /// Its values, for the tooltip.
        public var title: String
    }

    /// A bar.
    public struct Bar: Sendable, Hashable {
        /// Left.
        public var x: Double
        /// Top.
        public var y: Double
        /// Width.
        public var width: Double
        /// Height.
        public var height: Double
        /// Fill colour.
        public var color: String
        /// Its value, for the tooltip.
        public var title: String
    }

    /// A legend entry.
    public struct Key: Sendable, Hashable {
        /// Swatch colour.
        public var color: String
        /// Label.
        public var label: String
        /// Left of the entry.
        public var x: Double
        /// Right of a line swatch.
        public var end: Double
        /// Whether the series is a line (else points or bars).
        public var line: Bool
        /// Dash of a line's swatch.
        public var dash: String
    }

    /// The chart's title, also its accessible name.
    public var title: String
    /// The y axis's label with its unit.
    public var yLabel: String
    /// The x axis's label.
    public var xLabel: String
    /// Ticks along x.
    public var xTicks: [Tick] = []
    /// Ticks along y.
    public var yTicks: [Tick] = []
    /// Lines.
    public var lines: [Line] = []
    /// Points.
    public var dots: [Dot] = []
    /// Bars.
    public var bars: [Bar] = []
    /// The legend.
    public var keys: [Key] = []

    /// The plotting area.
    public static let left = 80.0, right = 980.0, top = 40.0, bottom = 320.0

    /// An empty chart titled `title`, `yLabel` and `xLabel` on its axes.
    public init(title: String, yLabel: String, xLabel: String) {
        self.title = title
        self.yLabel = yLabel
        self.xLabel = xLabel
    }

    /// Adds a legend entry.
    public mutating func key(_ label: String, color: String, line: Bool = false, dash: String = "") {
        let x = Self.left + Double(keys.count) * 210
        keys.append(Key(color: color, label: label, x: x, end: x + 16, line: line, dash: dash))
    }

    /// The y of `value` on a linear axis `range`.
    public static func y(_ value: Double, in range: ClosedRange<Double>) -> Double {
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return (top + bottom) / 2 }
        return bottom - (value - range.lowerBound) / span * (bottom - top)
    }

    /// The x of `value` on a linear axis `range`.
    public static func x(_ value: Double, in range: ClosedRange<Double>) -> Double {
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return (left + right) / 2 }
        return left + (value - range.lowerBound) / span * (right - left)
    }

    /// About five round ticks over `values`, and the range they span (zero included when `fromZero`; whole
    /// steps when `counts`).
    public static func niceTicks(
        _ values: [Double], fromZero: Bool = false, counts: Bool = false
    ) -> (ClosedRange<Double>, [Double]) {
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if fromZero { low = min(low, 0) }
        if high - low < 1e-9 {
            low -= 1
            high += 1
        }
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        var step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        if counts { step = max(1, step.rounded(.up)) }
        let first = floor(low / step) * step
        let last = ceil(high / step) * step
        let ticks = stride(from: first, through: last + step / 2, by: step).map { $0 }
        return (first...last, ticks)
    }

    /// The y ticks for `ticks` on `range`, labelled with `decimals` decimals.
    public mutating func yAxis(_ ticks: [Double], range: ClosedRange<Double>, decimals: Int) {
        yTicks = ticks.map { Tick(at: Self.y($0, in: range), label: String(format: "%.\(decimals)f", $0)) }
    }

    /// Ticks at the first day of months across `from..<to` in `zone`, at most about eight labelled.
    public mutating func timeAxis(from: Date, to: Date, zone: TimeZone) {
        let months = Trend.months(from: from, to: to, zone: zone)
        let every = max(1, Int((Double(months.count) / 8).rounded(.up)))
        let range = from.timeIntervalSince1970...to.timeIntervalSince1970
        xTicks = months.enumerated().compactMap { index, month in
            guard index % every == 0, let start = Trend.interval(ofMonth: month, in: zone)?.start else { return nil }
            let at = max(start, from).timeIntervalSince1970
            return Tick(at: Self.x(at, in: range), label: month)
        }
    }
}
