/// One field of a segment: its repetitions (`~`), each of components (`^`),
/// each of subcomponents (`&`), held unescaped.
public struct HL7Field: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Repetitions of components of subcomponents.
    public var repetitions: [[[String]]]

    /// A field of `repetitions`.
    public init(repetitions: [[[String]]]) { self.repetitions = repetitions }

    /// A field of one repetition with these components, each a single subcomponent.
    public init(components: [String]) { self.repetitions = [components.map { [$0] }] }

    /// A field holding `text` as its only value.
    public init(_ text: String) { self.repetitions = [[[text]]] }

    public init(stringLiteral text: String) { self.init(text) }

    /// The empty field.
    public static let empty = HL7Field("")

    /// Component `component` (1-based) of repetition `repetition`, its first subcomponent; "" when absent.
    public func value(_ component: Int = 1, repetition: Int = 1) -> String {
        guard repetition >= 1, repetition <= repetitions.count else { return "" }
        let components = repetitions[repetition - 1]
        guard component >= 1, component <= components.count else { return "" }
        return components[component - 1].first ?? ""
    }

    /// Whether it holds nothing.
    public var isEmpty: Bool { repetitions.allSatisfy { $0.allSatisfy { $0.allSatisfy(\.isEmpty) } } }

    /// Parsed from its encoded text with `characters`.
    init(parsing text: Substring.UnicodeScalarView, _ characters: HL7Message.EncodingCharacters) {
        repetitions = text.split(separator: characters.repetition, omittingEmptySubsequences: false).map {
            $0.split(separator: characters.component, omittingEmptySubsequences: false).map {
                $0.split(separator: characters.subcomponent, omittingEmptySubsequences: false).map {
                    HL7Text.unescape(String($0))
                }
            }
        }
    }

    /// Encoded with the standard characters, every value escaped, trailing empty parts dropped.
    var encoded: String {
        func trimmed<T>(_ items: [T], _ empty: (T) -> Bool) -> [T] {
            var items = items
            while items.count > 1, let last = items.last, empty(last) { items.removeLast() }
            return items
        }
        return trimmed(repetitions) { $0.allSatisfy { $0.allSatisfy(\.isEmpty) } }.map { components in
            trimmed(components) { $0.allSatisfy(\.isEmpty) }.map { subcomponents in
                trimmed(subcomponents) { $0.isEmpty }.map(HL7Text.escape).joined(separator: "&")
            }.joined(separator: "^")
        }.joined(separator: "~")
    }
}
