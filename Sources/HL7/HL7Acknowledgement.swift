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

    /// An acknowledgement.
    public init(code: String, controlID: String, text: String) {
        self.code = code
        self.controlID = controlID
        self.text = text
    }

    /// Parses an ACK; nil when it is not HL7 or has no MSA.
    public init?(parsing text: String) {
        guard let message = try? HL7Message(parsing: text), let msa = message.first("MSA") else { return nil }
        code = msa.value(1)
        controlID = msa.value(2)
        let said = msa.value(3)
        self.text = said.isEmpty ? message.first("ERR")?.value(8) ?? "" : said
    }

    /// The original-mode ACK answering `message`, from the receiving side named in `settings`:
    /// MSA-1 `code`, MSA-2 the message's control id, and an ERR saying `text` unless accepted.
    public static func answering(
        _ message: HL7Message, code: String, text: String, controlID: String, at time: String
    ) -> HL7Message {
        let header = message.first("MSH")
        var segments = [
            HL7Segment(
                "MSH",
                [
                    "|", "^~\\&", header?[5] ?? .empty, header?[6] ?? .empty, header?[3] ?? .empty,
                    header?[4] ?? .empty, HL7Field(time), .empty,
                    HL7Field(components: ["ACK", message.type.event, "ACK"]), HL7Field(controlID),
                    header?[11] ?? "P", header?[12] ?? "2.5.1",
                ]),
            HL7Segment("MSA", [HL7Field(code), HL7Field(message.controlID), HL7Field(code == "AA" ? "" : text)]),
        ]
        if code != "AA" {
            var err = [HL7Field](repeating: .empty, count: 8)
            err[3] = "E"
            err[7] = HL7Field(text)
            segments.append(HL7Segment("ERR", err))
        }
        return HL7Message(segments)
    }
}
