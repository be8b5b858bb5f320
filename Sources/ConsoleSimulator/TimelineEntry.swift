/// One entry of a scenario's timeline: a session, a gateway fault, a console
/// fault outside a session, or a recalibration.
public struct TimelineEntry: Sendable, Hashable, Decodable {
    /// When it starts.
    public var at: ScenarioOffset
    /// A treatment, QA or service session.
    public var session: SessionScript?
    /// A gateway misbehaviour.
    public var gateway: GatewayFault?
    /// A console fault raised and cleared outside a session.
    public var fault: ConsoleFault?
    /// A new calibration (source exchange or recalibration).
    public var calibration: Calibration?

    /// A console fault outside a session.
    public struct ConsoleFault: Sendable, Hashable, Decodable {
        /// The console's fault code.
        public var code: Int
        /// Seconds until it clears.
        public var duration_s: Double
    }

    /// A recalibration.
    public struct Calibration: Sendable, Hashable, Decodable {
        /// The new reference dose rate, mGy/min.
        public var reference_dose_rate: Int
    }
}

/// What a gateway can do wrong. Exactly one field is set.
public struct GatewayFault: Sendable, Hashable, Decodable {
    /// Answer exception 0x06 for this many simulated seconds.
    public var busy_s: Double?
    /// Answer nothing for this many simulated seconds.
    public var silence_s: Double?
    /// Restart: new boot id, empty journal, connections dropped.
    public var restart: Bool?
    /// Write this many filler events at once (fault raised and cleared pairs).
    public var overrun: Int?
    /// Tear the next `events` slots written, for `reads` reads each.
    public var torn: Torn?
    /// Drop every client connection (the gateway stays up).
    public var drop_connections: Bool?
    /// Answer `journal_head` with a value the journal does not hold (a gateway fault, or a device on the
    /// plant network answering as the gateway), for a while.
    public var false_head: FalseHead?

    /// A false `journal_head`.
    public struct FalseHead: Sendable, Hashable, Decodable {
        /// The value answered.
        public var value: UInt32
        /// For this many simulated seconds.
        public var for_s: Double
    }

    /// Torn-slot settings.
    public struct Torn: Sendable, Hashable, Decodable {
        /// How many of the next events are torn.
        public var events: Int
        /// How many reads of each show it torn.
        public var reads: Int
    }
}
