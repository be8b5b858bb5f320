/// What an ADT message from the hospital's feed changes (payers.md).
public enum CoverageChange: Sendable, Hashable {
    /// The feed's whole coverage of `patient` from now on, and the authorizations of its IN1-14.
    case coverage(controlID: String, patient: String, coverages: [Coverage], authorizations: [Authorization])
    /// `old` merged into `patient`.
    case merge(controlID: String, old: String, patient: String)

    /// MSH-10 of the message.
    public var controlID: String {
        switch self {
        case .coverage(let id, _, _, _), .merge(let id, _, _): id
        }
    }
}
