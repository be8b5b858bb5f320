/// Bytes that are not an HL7 v2 message, and why.
public struct HL7ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var detail: String

    /// An error saying `detail`.
    public init(_ detail: String) { self.detail = detail }

    public var description: String { "not an HL7 v2 message: \(detail)" }
}
