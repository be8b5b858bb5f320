/// The register tables a read-only client may read. Nothing here writes.
public enum RegisterTable: String, Sendable, Hashable, Codable {
    /// Input registers, function code 0x04.
    case input
    /// Holding registers, function code 0x03 (read only; some profiles publish there).
    case holding

    /// The Modbus function code used to read this table.
    public var functionCode: UInt8 {
        switch self {
        case .input: 0x04
        case .holding: 0x03
        }
    }
}
