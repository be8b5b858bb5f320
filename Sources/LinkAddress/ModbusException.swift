/// A Modbus exception code sent back by a server instead of data.
public struct ModbusException: Sendable, Hashable, CustomStringConvertible {
    /// The code as it appears on the wire.
    public var rawValue: UInt8

    /// Wraps a code from the wire.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01: the server does not take this function code.
    public static let illegalFunction = ModbusException(rawValue: 0x01)
    /// 0x02: the address range is not served.
    public static let illegalDataAddress = ModbusException(rawValue: 0x02)
    /// 0x03: a value in the request is not allowed (for example a count over 125).
    public static let illegalDataValue = ModbusException(rawValue: 0x03)
    /// 0x04: the server failed while serving the request.
    public static let serverDeviceFailure = ModbusException(rawValue: 0x04)
    /// 0x05: accepted, still working.
    public static let acknowledge = ModbusException(rawValue: 0x05)
    /// 0x06: the server is busy; retry later.
    public static let serverDeviceBusy = ModbusException(rawValue: 0x06)
    /// 0x07: negative acknowledge.
    public static let negativeAcknowledge = ModbusException(rawValue: 0x07)
    /// 0x08: memory parity error.
    public static let memoryParityError = ModbusException(rawValue: 0x08)
    /// 0x0A: the gateway has no path to the target.
    public static let gatewayPathUnavailable = ModbusException(rawValue: 0x0A)
    /// 0x0B: the target behind the gateway did not answer.
    public static let gatewayTargetFailedToRespond = ModbusException(rawValue: 0x0B)

    /// The name the Modbus specification gives the code.
    public var name: String {
        switch rawValue {
        case 0x01: "illegal function"
        case 0x02: "illegal data address"
        case 0x03: "illegal data value"
        case 0x04: "server device failure"
        case 0x05: "acknowledge"
        case 0x06: "server device busy"
        case 0x07: "negative acknowledge"
        case 0x08: "memory parity error"
        case 0x0A: "gateway path unavailable"
        case 0x0B: "gateway target device failed to respond"
        default: "unknown exception"
        }
    }

    public var description: String {
        "exception 0x\(String(rawValue, radix: 16, uppercase: true).leftPadded(to: 2)) (\(name))"
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
