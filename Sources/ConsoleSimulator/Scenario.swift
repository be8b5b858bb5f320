import Foundation
import Yams

/// A day (or a minute) in the life of a console and its gateway, in YAML:
/// sessions with their shots, interruptions and faults, and the gateway's own
/// misbehaviour. Files live in `Devices/scenarios/`.
public struct Scenario: Sendable, Hashable, Decodable {
    /// The console the scenario runs on.
    public struct Console: Sendable, Hashable, Decodable {
        /// Serial number.
        public var serial: String = "4711"
        /// Model.
        public var model: String = "CO60-MS192"
        /// Gateway firmware.
        public var firmware: String = "1.0"
        /// Co-60 sources.
        public var sources: Int = 192
        /// Collimator sectors.
        public var sectors: Int = 8
        /// Reference dose rate at calibration, mGy/min.
        public var reference_dose_rate: Int = 3400
        /// Calibration time, ISO 8601.
        public var calibrated_at: String = "2025-06-01T00:00:00Z"
        /// Journal slots.
        public var journal_capacity: Int = 64
        /// Registers per slot.
        public var journal_slot_size: Int = 24
        /// The map revision the gateway reports.
        public var map_revision: Int = 1
        /// The magic the gateway reports (0x4343 for CCG-1).
        public var magic: Int = 0x4343
        /// Cumulative beam-on time at the start, hours.
        public var lifetime_beam_on_hours: Double = 1500

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Console()
            serial = try c.decodeIfPresent(String.self, forKey: .serial) ?? d.serial
            model = try c.decodeIfPresent(String.self, forKey: .model) ?? d.model
            firmware = try c.decodeIfPresent(String.self, forKey: .firmware) ?? d.firmware
            sources = try c.decodeIfPresent(Int.self, forKey: .sources) ?? d.sources
            sectors = try c.decodeIfPresent(Int.self, forKey: .sectors) ?? d.sectors
            reference_dose_rate =
                try c.decodeIfPresent(Int.self, forKey: .reference_dose_rate) ?? d.reference_dose_rate
            calibrated_at = try c.decodeIfPresent(String.self, forKey: .calibrated_at) ?? d.calibrated_at
            journal_capacity = try c.decodeIfPresent(Int.self, forKey: .journal_capacity) ?? d.journal_capacity
            journal_slot_size =
                try c.decodeIfPresent(Int.self, forKey: .journal_slot_size) ?? d.journal_slot_size
            map_revision = try c.decodeIfPresent(Int.self, forKey: .map_revision) ?? d.map_revision
            magic = try c.decodeIfPresent(Int.self, forKey: .magic) ?? d.magic
            lifetime_beam_on_hours =
                try c.decodeIfPresent(Double.self, forKey: .lifetime_beam_on_hours) ?? d.lifetime_beam_on_hours
        }

        private enum CodingKeys: String, CodingKey {
            case serial, model, firmware, sources, sectors, reference_dose_rate, calibrated_at
            case journal_capacity, journal_slot_size, map_revision, magic, lifetime_beam_on_hours
        }
    }

    /// The scenario's name.
    public var name: String
    /// The console.
    public var console: Console
    /// Simulated time at offset 0, ISO 8601 UTC.
    public var start: String
    /// Simulated seconds per real second; 0 = advanced by hand (tests).
    public var speed: Double
    /// The number of the first session.
    public var first_session: UInt32
    /// What happens, in order of `at`.
    public var timeline: [TimelineEntry]

    private enum CodingKeys: String, CodingKey {
        case name, console, start, speed, first_session, timeline
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "scenario"
        console = try c.decodeIfPresent(Console.self, forKey: .console) ?? Console()
        start = try c.decodeIfPresent(String.self, forKey: .start) ?? "2026-11-28T13:30:00Z"
        speed = try c.decodeIfPresent(Double.self, forKey: .speed) ?? 60
        first_session = try c.decodeIfPresent(UInt32.self, forKey: .first_session) ?? 1
        timeline = try c.decodeIfPresent([TimelineEntry].self, forKey: .timeline) ?? []
    }

    /// Parses a scenario from YAML; `source` names it in errors.
    public init(yaml: String, source: String) throws(SimulatorError) {
        do {
            self = try YAMLDecoder().decode(Scenario.self, from: yaml)
        } catch {
            throw SimulatorError(.invalidScenario, at: source, "\(error)")
        }
    }

    /// Loads a scenario file.
    public static func load(path: String) throws(SimulatorError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SimulatorError(.invalidScenario, at: path, "cannot read the file")
        }
        return try Scenario(yaml: String(decoding: data, as: UTF8.self), source: path)
    }

    /// The console's calibration time; the start when it does not parse.
    public var calibrationDate: Date {
        get throws(SimulatorError) {
            if let date = ISO8601DateFormatter().date(from: console.calibrated_at) { return date }
            return try startDate
        }
    }

    /// The scenario moved to the day `date` falls on in `zone`, at the same
    /// wall-clock time there: a demo that plays today instead of on the day
    /// it was written.
    public func playing(onDayOf date: Date, in zone: TimeZone) throws(SimulatorError) -> Scenario {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wall = calendar.dateComponents([.hour, .minute, .second], from: try startDate)
        var day = calendar.dateComponents([.year, .month, .day], from: date)
        (day.hour, day.minute, day.second) = (wall.hour, wall.minute, wall.second)
        guard let moved = calendar.date(from: day) else {
            throw SimulatorError(
                .invalidScenario, at: "start", "no \(wall) on the day of \(date) in \(zone.identifier)")
        }
        var scenario = self
        scenario.start = ISO8601DateFormatter().string(from: moved)
        return scenario
    }

    /// The scenario's start as a date.
    public var startDate: Date {
        get throws(SimulatorError) {
            guard let date = ISO8601DateFormatter().date(from: start) else {
                throw SimulatorError(.invalidScenario, at: "start", "'\(start)' is not an ISO 8601 time")
            }
            return date
        }
    }
}
