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

    /// The inverse of ``escape(_:)``, on Unicode scalars as ``escape(_:)`` works; an unknown or unclosed
    /// sequence is kept as it is.
    public static func unescape(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains("\\") else { return text }
        var out = String.UnicodeScalarView()
        var rest = scalars[...]
        while let start = rest.firstIndex(of: "\\") {
            out.append(contentsOf: rest[..<start])
            let after = rest.index(after: start)
            guard let end = rest[after...].firstIndex(of: "\\") else {
                out.append(contentsOf: rest[start...])
                return String(out)
            }
            if let plain = unescapes[String(rest[after..<end])] {
                out.append(contentsOf: plain.unicodeScalars)
            } else {
                out.append(contentsOf: rest[start...end])
            }
            rest = rest[rest.index(after: end)...]
        }
        out.append(contentsOf: rest)
        return String(out)
    }
}
