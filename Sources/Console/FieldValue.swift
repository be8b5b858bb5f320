import ConsoleRecords

/// A decoded field.
public enum FieldValue: Sendable, Hashable {
    /// An unsigned number (u16, u32).
    case unsigned(UInt32)
    /// A signed number (i32).
    case signed(Int32)
    /// Text with trailing NULs and spaces removed.
    case text(String)
    /// Registers that do not hold a valid value of the field's type, and why.
    case invalid(String)
}
