/// A diagnosis as a charge carries it (diagnoses.md) and as its DFT^P03 sends it in FT1-19 and DG1: the
/// code, its system and text, its rank on the claim (1 = primary), where it came from, and DG1-6.
public struct ChargeDiagnosis: Sendable, Hashable, Codable {
    /// The code as received.
    public var code: String
    /// Its coding system.
    public var system: String
    /// Its text.
    public var text: String?
    /// Its rank on the claim, 1 = primary.
    public var priority: Int
    /// `adt` or `api`.
    public var source: Coverage.Source
    /// DG1-6; nil when none was given (sent as `F`).
    public var type: String?

    /// `diagnosis` at `rank` on the claim.
    public init(_ diagnosis: Diagnosis, rank: Int) {
        code = diagnosis.code
        system = diagnosis.system
        text = diagnosis.text
        priority = rank
        source = diagnosis.source
        type = diagnosis.type
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(system, forKey: .system)
        try c.encode(text, forKey: .text)
        try c.encode(priority, forKey: .priority)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(type, forKey: .type)
    }

    private enum CodingKeys: String, CodingKey {
        case code, system, text, priority, source, type
    }
}
