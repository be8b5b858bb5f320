/// Everything on file about a patient's insurance when a charge is decided:
/// the coverages and authorizations, and how many units of each
/// authorization other charges already use.
public struct PatientCoverage: Sendable, Hashable {
    /// The coverages, from the feed and from people.
    public var coverages: [Coverage]
    /// The authorizations, revoked ones included.
    public var authorizations: [Authorization]
    /// Units used by other charges (ready, claimed or exported), by authorization id.
    public var used: [String: Int]
    /// The diagnoses on file, from the feed and from people (diagnoses.md).
    public var diagnoses: [Diagnosis]
    /// The ABNs on file, revoked ones included.
    public var abns: [ABN]

    /// A patient's coverage on file.
    public init(
        coverages: [Coverage] = [], authorizations: [Authorization] = [], used: [String: Int] = [:],
        diagnoses: [Diagnosis] = [], abns: [ABN] = []
    ) {
        self.coverages = coverages
        self.authorizations = authorizations
        self.used = used
        self.diagnoses = diagnoses
        self.abns = abns
    }

    /// The diagnoses that apply on `day`, in the order a claim lists them.
    public func diagnoses(on day: String) -> [Diagnosis] {
        Diagnosis.claimOrder(diagnoses.filter { $0.applies(on: day) })
    }

    /// The coverages in force on `day`, primary first. People's entries come before the feed's at one priority.
    public func inForce(on day: String) -> [Coverage] {
        coverages.filter { $0.covers(day) }.sorted {
            ($0.priority, $0.source == .api ? 0 : 1) < ($1.priority, $1.source == .api ? 0 : 1)
        }
    }
}
