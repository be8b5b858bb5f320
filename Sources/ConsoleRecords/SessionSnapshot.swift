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

    /// A snapshot of session `number`; the rest defaults to an open, empty treatment.
    public init(
        number: UInt32, patientID: String? = nil, patientFamilyName: String? = nil, patientGivenName: String? = nil,
        plan: String? = nil, kind: SessionKind? = .treatment, fraction: Int = 1, fractionsPlanned: Int = 1,
        targets: Int = 1, shotsPlanned: Int = 0, shotsCompleted: Int = 0, plannedMs: Int64 = 0,
        deliveredMs: Int64 = 0, prescribedDoseMgy: Int64 = 0, prescriptionIsodose: Int = 50,
        sessionDoseRate: Int64 = 0, immobilization: Immobilization? = .frame, operatorID: String? = nil,
        openedAt: Date? = nil, closedAt: Date? = nil, outcome: SessionOutcome? = .open, invalidFields: [String] = []
    ) {
        self.number = number
        self.patientID = patientID
        self.patientFamilyName = patientFamilyName
        self.patientGivenName = patientGivenName
        self.plan = plan
        self.kind = kind
        self.fraction = fraction
        self.fractionsPlanned = fractionsPlanned
        self.targets = targets
        self.shotsPlanned = shotsPlanned
        self.shotsCompleted = shotsCompleted
        self.plannedMs = plannedMs
        self.deliveredMs = deliveredMs
        self.prescribedDoseMgy = prescribedDoseMgy
        self.prescriptionIsodose = prescriptionIsodose
        self.sessionDoseRate = sessionDoseRate
        self.immobilization = immobilization
        self.operatorID = operatorID
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.outcome = outcome
        self.invalidFields = invalidFields
    }
}
