/// A segment: its id and its fields, numbered as HL7 numbers them (MSH-1 is
/// the field separator itself, so MSH's fields start at 3 in the text).
public struct HL7Segment: Sendable, Hashable {
    /// `MSH`, `PID`, `IN1`…
    public var id: String
    /// Fields 1…n.
    public var fields: [HL7Field]

    /// A segment of `id` with fields 1…n.
    public init(_ id: String, _ fields: [HL7Field]) {
        self.id = id
        self.fields = fields
    }

    /// Field `number` (1-based); empty when absent.
    public subscript(number: Int) -> HL7Field {
        number >= 1 && number <= fields.count ? fields[number - 1] : .empty
    }

    /// Component `component` of field `field`, first repetition; "" when absent.
    public func value(_ field: Int, _ component: Int = 1) -> String { self[field].value(component) }

    /// The segment as text, trailing empty fields dropped.
    var encoded: String {
        var parts: [String]
        if id == "MSH" {
            parts = ["MSH" + "|" + "^~\\&"] + fields.dropFirst(2).map(\.encoded)
        } else {
            parts = [id] + fields.map(\.encoded)
        }
        while parts.count > 1, parts.last == "" { parts.removeLast() }
        return parts.joined(separator: "|")
    }
}
