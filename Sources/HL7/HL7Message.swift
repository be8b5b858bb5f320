/// An HL7 v2 message as segments of fields of repetitions, components and
/// subcomponents, unescaped: the one model the DFT builder, the ACK parser
/// and the ADT feed share. Parsing reads the encoding characters from MSH;
/// encoding writes the standard `|^~\&`. Pure.
public struct HL7Message: Sendable, Hashable {
    /// The separators a message declares in MSH-1 and MSH-2, each one Unicode scalar (so a combining
    /// mark after a delimiter cannot join it into another character).
    public struct EncodingCharacters: Sendable, Hashable {
        /// `|`.
        public var field: Unicode.Scalar
        /// `^`.
        public var component: Unicode.Scalar
        /// `~`.
        public var repetition: Unicode.Scalar
        /// `&`.
        public var subcomponent: Unicode.Scalar
    }

    /// The segments, in order.
    public var segments: [HL7Segment]

    /// A message of `segments`.
    public init(_ segments: [HL7Segment]) { self.segments = segments }

    /// Parses `text`: segments end in CR (LF and CRLF are taken too), the first is MSH. The text is read
    /// as Unicode scalars, as HL7 defines its delimiters, not as grapheme clusters.
    public init(parsing text: String) throws(HL7ParseError) {
        let lines = text.unicodeScalars.split(whereSeparator: { $0 == "\r" || $0 == "\n" })
        guard let header = lines.first, header.starts(with: "MSH".unicodeScalars), header.count >= 8 else {
            throw HL7ParseError("the message does not start with an MSH segment")
        }
        let characters = Array(header.dropFirst(3).prefix(5))
        guard characters.count == 5, Set(characters).count == 5 else {
            throw HL7ParseError("MSH-1 and MSH-2 do not declare five distinct encoding characters")
        }
        let encoding = EncodingCharacters(
            field: characters[0], component: characters[1], repetition: characters[2],
            subcomponent: characters[4])
        var segments: [HL7Segment] = []
        for line in lines {
            let parts = line.split(separator: encoding.field, omittingEmptySubsequences: false)
            guard let first = parts.first, first.count == 3,
                first.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
            else {
                throw HL7ParseError("segment \(segments.count + 1) has no three-character id")
            }
            let id = String(first)
            if id == "MSH" {
                let rest = parts.dropFirst(2).map { HL7Field(parsing: $0, encoding) }
                var declared = String.UnicodeScalarView()
                declared.append(contentsOf: characters[1...4])
                segments.append(HL7Segment("MSH", ["|", HL7Field(String(declared))] + rest))
            } else {
                segments.append(HL7Segment(id, parts.dropFirst().map { HL7Field(parsing: $0, encoding) }))
            }
        }
        self.segments = segments
    }

    /// The first segment `id`.
    public func first(_ id: String) -> HL7Segment? { segments.first { $0.id == id } }

    /// Every segment `id`, in order.
    public func all(_ id: String) -> [HL7Segment] { segments.filter { $0.id == id } }

    /// MSH-9: message code and trigger event (`ADT`, `A08`).
    public var type: (code: String, event: String) {
        (first("MSH")?.value(9, 1) ?? "", first("MSH")?.value(9, 2) ?? "")
    }

    /// MSH-10, the message control id.
    public var controlID: String { first("MSH")?.value(10) ?? "" }

    /// The message as text, every segment ending in a carriage return.
    public var encoded: String { segments.map(\.encoded).joined(separator: "\r") + "\r" }
}
