/// HL7 v2 text rules with the `|^~\&` encoding characters.
public enum HL7Text {
    /// `text` with every delimiter escaped (`\F\ \S\ \T\ \R\ \E\`) and line breaks as `\X0D\`/`\X0A\`,
    /// so console-supplied strings can never add fields, components or segments.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            if let sequence = escapes[character] {
                out += "\\\(sequence)\\"
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Each character that must not appear as itself, and the name of its escape sequence.
    static let escapes: [Unicode.Scalar: String] = [
        "\\": "E", "|": "F", "^": "S", "&": "T", "~": "R", "\r": "X0D", "\n": "X0A",
    ]

    /// The characters by escape name, for ``unescape(_:)``.
    static let unescapes = Dictionary(uniqueKeysWithValues: escapes.map { ($0.value, String($0.key)) })

    /// The inverse of ``escape(_:)``.
    public static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: "\\") {
            out += rest[..<start]
            let after = rest.index(after: start)
            guard let end = rest[after...].firstIndex(of: "\\") else {
                out += rest[start...]
                return out
            }
            out += unescapes[String(rest[after..<end])] ?? String(rest[start...end])
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
