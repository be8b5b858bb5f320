import ConsoleRecords

/// A contiguous run of registers and the fields in it, as a profile describes it.
public struct RegisterBlockLayout: Sendable, Hashable, Decodable {
    /// The first register address.
    public var start: Int
    /// How many registers the block has.
    public var count: Int
    /// Its fields.
    public var fields: [FieldLayout]

    /// A block of `count` registers at `start` holding `fields`.
    public init(start: Int, count: Int, fields: [FieldLayout]) {
        self.start = start
        self.count = count
        self.fields = fields
    }

    /// Decodes `registers` (exactly `count` of them, or a slot's worth) into named values.
    public func decode(_ registers: ArraySlice<UInt16>) -> FieldRecord {
        FieldRecord(layout: fields, registers: registers)
    }

    /// Writes `values` into `registers`, a buffer of this block's size; fields not
    /// named keep their registers. The simulator uses this to serve the profile.
    public func encode(_ values: [String: FieldValue], into registers: inout [UInt16]) {
        for field in fields {
            guard let value = values[field.name] else { continue }
            FieldCodec.encode(value, as: field, into: &registers, at: field.offset)
        }
    }
}
