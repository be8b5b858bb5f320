/// What a receiver answered: MSA-1, MSA-2 and its text.
public struct HL7Acknowledgement: Sendable, Hashable {
    /// The acknowledgement code (`AA`, `AE`, `AR`, `CA`, `CE`, `CR`).
    public var code: String
    /// The control id acknowledged.
    public var controlID: String
    /// The receiver's text (MSA-3, or ERR's diagnostic), if any.
    public var text: String

    /// Whether the message was accepted.
    public var accepted: Bool { code == "AA" || code == "CA" }

    /// Parses an ACK; nil when it has no MSH or no MSA.
    public init?(parsing message: String) {
        let segments = message.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map(String.init)
        guard let msh = segments.first(where: { $0.hasPrefix("MSH") }), msh.count > 3 else { return nil }
        let separator = msh[msh.index(msh.startIndex, offsetBy: 3)]
        guard let msa = segments.first(where: { $0.hasPrefix("MSA\(separator)") }) else { return nil }
        let fields = msa.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard fields.count > 2 else { return nil }
        code = fields[1]
        controlID = HL7Text.unescape(fields[2])
        var text = fields.count > 3 ? HL7Text.unescape(fields[3]) : ""
        if text.isEmpty, let err = segments.first(where: { $0.hasPrefix("ERR\(separator)") }) {
            let parts = err.split(separator: separator, omittingEmptySubsequences: false)
            text = parts.count > 8 ? HL7Text.unescape(String(parts[8])) : HL7Text.unescape(err)
        }
        self.text = text
    }
}
