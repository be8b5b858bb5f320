import ConsoleRecords
import DeliveryLog
import Foundation

/// A technical-component charge (or a credit of one) as billing systems see
/// it: billing-interfaces.md's JSON is exactly its encoding. It changes only
/// through the actions in `Charge+Lifecycle.swift`, each returning the
/// history entry to store with it.
public struct Charge: Sendable, Hashable, Codable {
    /// A charge, or a credit reversing an exported one.
    public enum Kind: String, Sendable, Hashable, Codable {
        case charge, credit
    }

    /// Where a charge is in its life.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pendingReview = "pending_review"
        case held, ready, claimed, exported, void
    }

    /// The session a charge is for.
    public struct SessionRef: Sendable, Hashable, Codable {
        /// Session number on the console.
        public var number: UInt32
        /// Fraction of the course.
        public var fraction: Int?
        /// Fractions planned.
        public var fractionsPlanned: Int?

        /// A session reference.
        public init(number: UInt32, fraction: Int?, fractionsPlanned: Int?) {
            self.number = number
            self.fraction = fraction
            self.fractionsPlanned = fractionsPlanned
        }

        private enum CodingKeys: String, CodingKey {
            case number, fraction, fractionsPlanned = "fractions_planned"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number)
            try c.encode(fraction, forKey: .fraction)
            try c.encode(fractionsPlanned, forKey: .fractionsPlanned)
        }
    }

    /// A billing consumer's hold on a claimed charge.
    public struct Lease: Sendable, Hashable, Codable {
        /// The lease token handed to the consumer.
        public var token: String
        /// The consumer's name.
        public var consumer: String
        /// When the hold lapses and the charge is ready again.
        public var expiresAt: Date

        /// A lease.
        public init(token: String, consumer: String, expiresAt: Date) {
            self.token = token
            self.consumer = consumer
            self.expiresAt = expiresAt
        }

        enum CodingKeys: String, CodingKey {
            case token, consumer, expiresAt = "expires_at"
        }
    }

    /// Stable id: `GK-<serial>-<session number>`; a credit adds `-CD`.
    public var id: String
    /// Charge or credit.
    public var kind: Kind
    /// Stored status; see ``status(at:)`` for the one a lease expiry implies.
    public var status: Status
    /// CPT/HCPCS code; nil when none could be chosen.
    public var code: String?
    /// Always `CPT`.
    public var codeSystem = "CPT"
    /// Modifiers applied.
    public var modifiers: [String]
    /// Units.
    public var units: Int
    /// Revenue code.
    public var revenueCode: String
    /// The facility's chargemaster number for the code.
    public var chargemasterCode: String?
    /// The facility-local date the session opened, `YYYY-MM-DD`.
    public var serviceDate: String?
    /// Place of service.
    public var placeOfService: String
    /// The patient as entered at the console.
    public var patient: Patient
    /// The console.
    public var console: ConsoleRef
    /// The session.
    public var session: SessionRef
    /// Why it waits for a person; reasons add up and stay as the record of why it was held.
    public var holdReasons: [ChargeDecision.HoldReason]
    /// Modifiers proposed for a person to confirm.
    public var suggestedModifiers: [String]
    /// Times a billing consumer gave it back (nack).
    public var attempts: Int
    /// The charge a credit reverses.
    public var creditOf: String?
    /// The credit that reversed this charge, once queued.
    public var creditedBy: String?
    /// When it was created.
    public var createdAt: Date
    /// Its last change.
    public var updatedAt: Date
    /// When it last became ready (FT1-5, and the order of the HL7 queue).
    public var readyAt: Date?
    /// When it was exported.
    public var exportedAt: Date?
    /// Content revision: grows when what a bill says changes (code, modifiers).
    public var revision: Int
    /// The last reason given by a consumer or receiver that turned it back.
    public var lastReason: String?
    /// HL7 sends that were refused (AE/AR).
    public var hl7Rejections: Int
    /// The current lease, while claimed.
    public var lease: Lease?
    /// Sentences a person should read.
    public var notes: [String]
    /// The technical-component record.
    public var record: TechnicalRecord
    /// The coverage it was decided under (payers.md); nil when none is on file or payer checks are off.
    public var coverage: ChargeCoverage? = nil
    /// The diagnoses on file for its service date, in claim order (diagnoses.md); `[]` when none.
    public var diagnoses: [ChargeDiagnosis] = []
    /// How it met its payer's medical-necessity policy; nil when none applies.
    public var medicalNecessity: MedicalNecessity? = nil

    /// The HL7 message control id: the id, plus `-<revision>` once the content has changed.
    public var controlID: String { revision <= 1 ? id : "\(id)-\(revision)" }

    /// The status at `now`: a claimed charge whose lease has lapsed is ready again.
    public func status(at now: Date) -> Status {
        if status == .claimed, let lease, lease.expiresAt <= now { return .ready }
        return status
    }

    /// The session's id.
    public var sessionID: String { DeliverySession.id(serial: console.serial, number: session.number) }

    /// The id of the credit that reverses charge `id`.
    public static func creditID(of id: String) -> String { id + creditSuffix }

    /// The session a charge or credit id belongs to (a charge's id is its session's).
    public static func sessionID(ofChargeID id: String) -> String {
        id.hasSuffix(creditSuffix) ? String(id.dropLast(creditSuffix.count)) : id
    }

    static let creditSuffix = "-CD"

    enum CodingKeys: String, CodingKey {
        case id, kind, status, code, codeSystem = "code_system", modifiers, units, revenueCode = "revenue_code"
        case chargemasterCode = "chargemaster_code", serviceDate = "service_date", placeOfService = "place_of_service"
        case patient, console, session, holdReasons = "hold_reasons", suggestedModifiers = "suggested_modifiers"
        case attempts, creditOf = "credit_of", creditedBy = "credited_by", createdAt = "created_at"
        case updatedAt = "updated_at", readyAt = "ready_at", exportedAt = "exported_at", revision
        case lastReason = "last_reason", hl7Rejections = "hl7_rejections", lease, notes, record
        case coverage, diagnoses, medicalNecessity = "medical_necessity"
    }
}

extension ChargeDecision.HoldReason: Codable {}
