/// A session in a scenario.
public struct SessionScript: Sendable, Hashable, Decodable {
    /// The patient as entered at the console.
    public struct Patient: Sendable, Hashable, Decodable {
        /// Medical record number.
        public var id: String
        /// Family name.
        public var family: String
        /// Given name.
        public var given: String
    }

    /// Patient; empty for QA and service sessions.
    public var patient: Patient?
    /// Plan name.
    public var plan: String
    /// `treatment`, `qa` or `service`.
    public var kind: String?
    /// Fraction of the course.
    public var fraction: Int?
    /// Fractions planned.
    public var fractions_planned: Int?
    /// Targets treated.
    public var targets: Int?
    /// `frame`, `mask` or `unknown`.
    public var immobilization: String?
    /// Operator id.
    public var `operator`: String?
    /// Prescription dose, mGy.
    public var prescribed_dose_mgy: Int?
    /// Prescription isodose, percent.
    public var isodose: Int?
    /// Dose rate used for timing, mGy/min; decayed from the calibration when absent.
    public var dose_rate: Int?
    /// Seconds from opening to the first shot.
    public var setup_s: Double?
    /// Seconds between shots (couch moves).
    public var move_s: Double?
    /// The shots.
    public var shots: [ShotScript]
    /// End the session early after this many completed shots.
    public var end_after_shot: Int?
    /// The reason for an early end (`operator`, `console_fault`, ...).
    public var end_reason: String?
    /// End the session before any beam.
    public var end_before_beam: Bool?
}

/// A shot in a scenario session.
public struct ShotScript: Sendable, Hashable, Decodable {
    /// Collimator per sector, mm.
    public var sectors: [Int]
    /// Planned beam-on time, seconds.
    public var planned_s: Double
    /// Delivered beam-on time, seconds, when it differs from planned.
    public var delivered_s: Double?
    /// Position in mm, around (100, 100, 100).
    public var x: Double?
    /// Position y, mm.
    public var y: Double?
    /// Position z, mm.
    public var z: Double?
    /// Gamma angle in degrees.
    public var gamma: Int?
    /// What happens during the shot, by beam-on seconds into it.
    public var during: [DuringShot]?
}

/// Something that happens while a shot is being delivered.
public struct DuringShot: Sendable, Hashable, Decodable {
    /// Beam-on seconds into the shot.
    public var after_s: Double
    /// Interrupt with this reason, then resume after `pause_s`.
    public var interrupt: String?
    /// Seconds paused before resuming.
    public var pause_s: Double?
    /// A console fault with this code: interrupt (reason console_fault), raise, clear, resume.
    public var fault: Int?
    /// End the session here with this reason instead of resuming.
    public var end: String?
    /// A gateway misbehaviour at this moment.
    public var gateway: GatewayFault?
}
