/// What an ADT message from the hospital's feed changes (payers.md).
public enum CoverageChange: Sendable, Hashable {
    /// The feed's whole coverage of `patient` from now on, the authorizations of its IN1-14, and the diagnoses of
    /// its DG1 segments (nil when it has none, which leaves the feed's diagnoses as they are).
    case coverage(
        controlID: String, patient: String, coverages: [Coverage], authorizations: [Authorization],
        diagnoses: [Diagnosis]? = nil)
    /// `old` merged into `patient`.
    case merge(controlID: String, old: String, patient: String)

    /// MSH-10 of the message.
    public var controlID: String {
        switch self {
        case .coverage(let id, _, _, _, _), .merge(let id, _, _): id
        }
    }

    /// The patient the message is about: the one whose coverage it gives, or the one a merge keeps.
    public var patient: String {
        switch self {
        case .coverage(_, let patient, _, _, _), .merge(_, _, let patient): patient
        }
    }

    /// Who a change it makes is by, in history: the message.
    public var cause: String { "ADT \(controlID)" }
}
