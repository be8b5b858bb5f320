import DeliveryLog
import Foundation

/// One service date's sessions against their charges: what billing checks
/// before closing the day. Pure.
public struct Reconciliation: Sendable, Hashable, Encodable {
    /// One session of the day.
    public struct Line: Sendable, Hashable, Encodable {
        /// Session id.
        public var session: String
        /// Console name.
        public var console: String
        /// Session number.
        public var number: UInt32
        /// Session kind, when known.
        public var kind: String?
        /// Outcome.
        public var outcome: String
        /// Delivered beam-on time, ms.
        public var deliveredMs: Int64
        /// Whether the record is complete.
        public var recordComplete: Bool
        /// The charge's id, when there is one.
        public var chargeID: String?
        /// The charge's status at the time of the report.
        public var chargeStatus: String?
        /// Hold reasons of the charge.
        public var holdReasons: [String]
        /// Why there is no charge (`not_a_treatment`, `not_delivered`, `session_open`), or `missing`
        /// when one was due and none exists.
        public var noChargeReason: String?
        /// The charge's primary payer (payers.md), when coverage was on file.
        public var payer: String?
        /// The authorization number the charge uses, if any.
        public var authorization: String?
        /// The charge's primary diagnosis (diagnoses.md), if any is on file.
        public var diagnosis: String?
        /// How the charge met its payer's medical-necessity policy: `covered`, `abn`, `held`; nil when no
        /// policy applies.
        public var medicalNecessity: String?

        /// Whether the line is a delivered session with neither a charge nor a reason.
        public var isMissing: Bool { noChargeReason == "missing" }

        private enum CodingKeys: String, CodingKey {
            case session, console, number, kind, outcome, deliveredMs = "delivered_ms"
            case recordComplete = "record_complete", chargeID = "charge_id", chargeStatus = "charge_status"
            case holdReasons = "hold_reasons", noChargeReason = "no_charge_reason", payer, authorization
            case diagnosis, medicalNecessity = "medical_necessity"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(session, forKey: .session)
            try c.encode(console, forKey: .console)
            try c.encode(number, forKey: .number)
            try c.encode(kind, forKey: .kind)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(deliveredMs, forKey: .deliveredMs)
            try c.encode(recordComplete, forKey: .recordComplete)
            try c.encode(chargeID, forKey: .chargeID)
            try c.encode(chargeStatus, forKey: .chargeStatus)
            try c.encode(holdReasons, forKey: .holdReasons)
            try c.encode(noChargeReason, forKey: .noChargeReason)
            try c.encode(payer, forKey: .payer)
            try c.encode(authorization, forKey: .authorization)
            try c.encode(diagnosis, forKey: .diagnosis)
            try c.encode(medicalNecessity, forKey: .medicalNecessity)
        }
    }

    /// The service date, `YYYY-MM-DD`.
    public var date: String
    /// Every session that opened that day, in order.
    public var sessions: [Line]

    /// Lines for a delivered session with neither a charge nor a reason.
    public var missing: [Line] { sessions.filter(\.isMissing) }

    private enum CodingKeys: String, CodingKey { case date, sessions, missing }

    /// `{"date", "sessions": [...], "missing": N}`, the same over HTTP and on the command line.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(missing.count, forKey: .missing)
    }

    /// Reconciles `sessions` (those that opened on `date`) with `charges` (by session id).
    public init(
        date: String, sessions: [DeliverySession], charges: [String: Charge], settings: ChargeSettings, at now: Date
    ) {
        self.date = date
        self.sessions = sessions.sorted { ($0.openedAt ?? .distantPast, $0.id) < ($1.openedAt ?? .distantPast, $1.id) }
            .map { session in
                let charge = charges[session.id]
                var reason: String?
                if charge == nil {
                    switch ChargeRules.decide(session, settings: settings) {
                    case .noCharge(let why): reason = why.rawValue
                    case .charge: reason = "missing"
                    }
                }
                return Line(
                    session: session.id, console: session.console.name, number: session.number,
                    kind: session.kind?.rawValue, outcome: session.outcome.rawValue, deliveredMs: session.deliveredMs,
                    recordComplete: session.recordComplete, chargeID: charge?.id,
                    chargeStatus: charge?.status(at: now).rawValue,
                    holdReasons: charge?.holdReasons.map(\.rawValue) ?? [], noChargeReason: reason,
                    payer: charge?.coverage.flatMap { $0.payer ?? $0.payerName },
                    authorization: charge?.coverage?.authorization?.number, diagnosis: charge?.diagnoses.first?.code,
                    medicalNecessity: charge?.medicalNecessity.map {
                        $0.coveredBy != nil ? "covered" : $0.abn != nil ? "abn" : "held"
                    })
            }
    }

    /// The UTC interval of `date`, a local date in `zone`: from its midnight to the next.
    public static func interval(of date: String, in zone: TimeZone) -> DateInterval? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, date.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            ChargeRules.localDate(start, in: zone) == date,
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return DateInterval(start: start, end: end)
    }
}
