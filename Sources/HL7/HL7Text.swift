/// HL7 v2 text rules with the `|^~\&` encoding characters.
public enum HL7Text {
    /// `text` with every delimiter escaped (`\F\ \S\ \T\ \R\ \E\`) and line breaks as `\X0D\`/`\X0A\`,
    /// so console-supplied strings can never add fields, components or segments.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\E\\"
            case "|": out += "\\F\\"
            case "^": out += "\\S\\"
            case "&": out += "\\T\\"
            case "~": out += "\\R\\"
            case "\r": out += "\\X0D\\"
            case "\n": out += "\\X0A\\"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A configured composite (such as a location `GK^ROOM1`): components kept, every other delimiter escaped.
    public static func composite(_ text: String) -> String {
        text.split(separator: "^", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(
            separator: "^")
    }

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
            switch rest[after..<end] {
            case "E": out += "\\"
            case "F": out += "|"
            case "S": out += "^"
            case "T": out += "&"
            case "R": out += "~"
            case "X0D": out += "\r"
            case "X0A": out += "\n"
            default: out += rest[start...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
