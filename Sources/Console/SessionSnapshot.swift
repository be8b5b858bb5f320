import Foundation

/// One read of the session block: the open session, or the last one after it closed.
public struct SessionSnapshot: Sendable, Hashable, Codable {
    /// Session number, unique per console.
    public var number: UInt32
    /// Medical record number as entered at the console.
    public var patientID: String?
    /// Patient's family name.
    public var patientFamilyName: String?
    /// Patient's given name.
    public var patientGivenName: String?
    /// Plan name.
    public var plan: String?
    /// Treatment, QA or service; nil when the number has no meaning.
    public var kind: SessionKind?
    /// 1-based fraction of this session in its course.
    public var fraction: Int
    /// Fractions planned for the course.
    public var fractionsPlanned: Int
    /// Targets (lesions) treated.
    public var targets: Int
    /// Shots in the plan.
    public var shotsPlanned: Int
    /// Shots fully delivered so far.
    public var shotsCompleted: Int
    /// Planned total beam-on time, ms.
    public var plannedMs: Int64
    /// Delivered total beam-on time so far, ms.
    public var deliveredMs: Int64
    /// Prescription dose, mGy.
    public var prescribedDoseMgy: Int64
    /// Prescription isodose, percent.
    public var prescriptionIsodose: Int
    /// Decay-corrected dose rate used to time the session, mGy/min.
    public var sessionDoseRate: Int64
    /// Frame or mask.
    public var immobilization: Immobilization?
    /// Console operator's user id.
    public var operatorID: String?
    /// When the session opened.
    public var openedAt: Date?
    /// When it closed; nil while open.
    public var closedAt: Date?
    /// The outcome; `open` while open.
    public var outcome: SessionOutcome?
    /// Fields whose registers did not decode (invalid text, unknown numbers).
    public var invalidFields: [String]
}
