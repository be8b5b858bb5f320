/// A diagnosis on file for a patient (diagnoses.md): from the ADT feed's DG1 segments or entered by coders,
/// with the dates it applies between and its priority.
public struct Diagnosis: Sendable, Hashable, Codable {
    /// The code as received (`C79.31`).
    public var code: String
    /// Its coding system (DG1-3.3): `I10` unless told; only ICD-10-CM counts for medical necessity.
    public var system: String
    /// The code's text, if given.
    public var text: String?
    /// 1 = primary; nil after the prioritised ones, in the order received.
    public var priority: Int?
    /// First date it applies, `YYYY-MM-DD`; nil = always.
    public var from: String?
    /// Last date it applies (inclusive); nil = open.
    public var to: String?
    /// DG1-6: `A` admitting, `W` working, `F` final; nil when not given.
    public var type: String?
    /// From the feed or from people.
    public var source: Coverage.Source
    /// Its place among the entries of its source (DG1-1, or the API body's order), for equal priorities.
    public var order: Int

    /// A diagnosis.
    public init(
        code: String, system: String = "I10", text: String? = nil, priority: Int? = nil, from: String? = nil,
        to: String? = nil, type: String? = nil, source: Coverage.Source, order: Int = 0
    ) {
        self.code = code
        self.system = system
        self.text = text
        self.priority = priority
        self.from = from
        self.to = to
        self.type = type
        self.source = source
        self.order = order
    }

    /// Whether it applies on `day` (`YYYY-MM-DD`; dates compare as text).
    public func applies(on day: String) -> Bool {
        (from.map { $0 <= day } ?? true) && (to.map { day <= $0 } ?? true)
    }

    /// Whether it can match a policy: an ICD-10-CM code of a well-formed shape. Codes of another system are
    /// kept and shown, never matched.
    public var countsForNecessity: Bool { ICD10CM.isICD10CM(system: system) && ICD10CM.isWellFormed(code) }

    /// `diagnoses` in the order a claim lists them: by priority (none after the prioritised ones), people's
    /// entries before the feed's at one priority, then as received.
    public static func claimOrder(_ diagnoses: [Diagnosis]) -> [Diagnosis] {
        diagnoses.sorted {
            ($0.priority ?? Int.max, $0.source == .api ? 0 : 1, $0.order)
                < ($1.priority ?? Int.max, $1.source == .api ? 0 : 1, $1.order)
        }
    }
}
