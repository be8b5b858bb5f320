/// ICD-10-CM codes as diagnoses.md reads them: the shape a code must have to count for medical necessity,
/// the shape of a policy's prefixes, and the one normal form both are compared in (no dots, upper case).
public enum ICD10CM {
    /// The coding systems whose codes count for medical necessity (DG1-3.3), compared without case.
    public static let systems: Set<String> = ["I10", "ICD10", "ICD10CM"]

    /// Whether `system` names ICD-10-CM.
    public static func isICD10CM(system: String) -> Bool { systems.contains(system.uppercased()) }

    /// Whether `code` is shaped like an ICD-10-CM code, `^[A-TV-Z][0-9][0-9AB](\.?[0-9A-TV-Z]{1,4})?$` without
    /// case: a category of three, then up to four more after an optional dot.
    public static func isWellFormed(_ code: String) -> Bool {
        let characters = Array(code.uppercased().unicodeScalars)
        guard characters.count >= 3, isLetterButU(characters[0]), isDigit(characters[1]),
            isDigit(characters[2]) || characters[2] == "A" || characters[2] == "B"
        else { return false }
        var rest = characters.dropFirst(3)
        guard !rest.isEmpty else { return true }
        if rest.first == "." { rest = rest.dropFirst() }
        return (1...4).contains(rest.count) && rest.allSatisfy { isDigit($0) || isLetterButU($0) }
    }

    /// Whether `prefix` can stand in a policy's list: a letter, then digits or letters, with at most one dot
    /// (not first or last), eight characters at most without it.
    public static func isPolicyPrefix(_ prefix: String) -> Bool {
        let characters = Array(prefix.uppercased().unicodeScalars)
        guard let first = characters.first, ("A"..."Z").contains(first), characters.last != "." else { return false }
        let dots = characters.filter { $0 == "." }.count
        let rest = characters.dropFirst().filter { $0 != "." }
        return dots <= 1 && rest.count + 1 <= 8 && rest.allSatisfy { isDigit($0) || ("A"..."Z").contains($0) }
    }

    /// `code` without dots, upper case: how codes and prefixes are compared (`c79.3` is `C793`).
    public static func normalized(_ code: String) -> String {
        String(code.uppercased().unicodeScalars.filter { $0 != "." }.map(Character.init))
    }

    /// Whether `code` falls under `prefix` (both in any case, with or without the dot).
    public static func code(_ code: String, isUnder prefix: String) -> Bool {
        normalized(code).hasPrefix(normalized(prefix))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isLetterButU(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) && scalar != "U" }
}
