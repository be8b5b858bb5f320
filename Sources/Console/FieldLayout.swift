import ConsoleRecords

/// One field of a register block: where it sits and how it is encoded.
public struct FieldLayout: Sendable, Hashable, Decodable {
    /// How a field's registers encode its value.
    public enum Encoding: String, Sendable, Hashable, Decodable {
        /// One register, unsigned.
        case u16
        /// Two registers, unsigned, high word first.
        case u32
        /// Two registers, two's complement, high word first.
        case i32
        /// `length` registers of ASCII, two bytes each, high byte first, NUL padded.
        case str
    }

    /// The name the driver knows the field by.
    public var name: String
    /// Registers from the start of the block (or slot).
    public var offset: Int
    /// The encoding.
    public var type: Encoding
    /// Registers taken by a `str` field.
    public var length: Int?
    /// A value the field must hold (for example a magic number).
    public var expect: UInt32?

    /// Registers the field takes.
    public var registerCount: Int {
        switch type {
        case .u16: 1
        case .u32, .i32: 2
        case .str: length ?? 0
        }
    }
}
