/// A payer's covered indications for the service (diagnoses.md): codes match by prefix, without dots and
/// case; one that matches `notCovered` never counts, even under a covered prefix.
public struct MedicalPolicy: Sendable, Hashable {
    /// Shown on holds and in the charge (`LCD L35076`).
    public var name: String
    /// Covered ICD-10-CM prefixes.
    public var covered: [String]
    /// Prefixes that never count.
    public var notCovered: [String]

    /// A policy.
    public init(name: String, covered: [String], notCovered: [String] = []) {
        self.name = name
        self.covered = covered
        self.notCovered = notCovered
    }

    /// Whether `diagnosis` supports the service under this policy.
    public func covers(_ diagnosis: Diagnosis) -> Bool {
        guard diagnosis.countsForNecessity else { return false }
        guard !notCovered.contains(where: { ICD10CM.code(diagnosis.code, isUnder: $0) }) else { return false }
        return covered.contains { ICD10CM.code(diagnosis.code, isUnder: $0) }
    }

    /// The first of `diagnoses` (in claim order) the policy covers, if any.
    public func firstCovered(_ diagnoses: [Diagnosis]) -> Diagnosis? {
        diagnoses.first(where: covers)
    }
}
