import ConsoleRecords

/// The named values decoded from one block or journal slot.
public struct FieldRecord: Sendable, Hashable {
    /// Values by field name.
    public private(set) var values: [String: FieldValue] = [:]
    /// Fields whose `expect` did not hold, with what was found.
    public private(set) var mismatches: [String: UInt32] = [:]

    init(layout: [FieldLayout], registers: ArraySlice<UInt16>) {
        for field in layout {
            let value = FieldCodec.decode(field, from: registers)
            values[field.name] = value
            if let expected = field.expect, case .unsigned(let found) = value, found != expected {
                mismatches[field.name] = found
            }
        }
    }

    /// An unsigned field, or nil when absent or not a number.
    public func unsigned(_ name: String) -> UInt32? {
        if case .unsigned(let value) = values[name] { return value }
        return nil
    }

    /// A signed field, or nil when absent or not a number.
    public func signed(_ name: String) -> Int32? {
        if case .signed(let value) = values[name] { return value }
        return nil
    }

    /// A text field, or nil when absent, empty or invalid.
    public func text(_ name: String) -> String? {
        if case .text(let value) = values[name], !value.isEmpty { return value }
        return nil
    }

    /// Why a field is invalid, or nil when it is valid.
    public func invalidity(_ name: String) -> String? {
        if case .invalid(let reason) = values[name] { return reason }
        return nil
    }

    /// Names of the fields that did not decode, sorted.
    public var invalidFields: [String] {
        values.compactMap { name, value in
            if case .invalid = value { return name }
            return nil
        }.sorted()
    }
}
