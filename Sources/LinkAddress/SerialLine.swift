/// The settings of an RS-485 line for Modbus RTU.
public struct SerialLine: Sendable, Hashable {
    /// Parity of each character.
    public enum Parity: Character, Sendable, Hashable, CaseIterable {
        case none = "N"
        case even = "E"
        case odd = "O"
    }

    /// Bits per second, 1200–115200.
    public var baud: Int
    /// Parity bit.
    public var parity: Parity
    /// Data bits per character, 7 or 8.
    public var dataBits: Int
    /// Stop bits, 1 or 2.
    public var stopBits: Int

    /// The CCG-1 default: 19200 baud, 8 data bits, even parity, 1 stop bit.
    public init(baud: Int = 19200, parity: Parity = .even, dataBits: Int = 8, stopBits: Int = 1) {
        self.baud = baud
        self.parity = parity
        self.dataBits = dataBits
        self.stopBits = stopBits
    }

    /// The silence Modbus RTU requires between frames: 3.5 character times,
    /// or a fixed 1.75 ms above 19200 baud (Modbus over serial line, 2.5.1.1).
    public var interFrameSilence: Duration {
        if baud > 19200 { return .microseconds(1750) }
        let bitsPerCharacter = 1 + dataBits + (parity == .none ? 0 : 1) + stopBits
        return .microseconds(Int64(3.5 * Double(bitsPerCharacter) * 1_000_000 / Double(baud)))
    }

    var queryString: String {
        "baud=\(baud)&parity=\(parity.rawValue)&data=\(dataBits)&stop=\(stopBits)"
    }

    mutating func set(_ key: String, to value: String, in address: String) throws(ModbusError) {
        switch key {
        case "baud":
            guard let baud = Int(value), (1200...115_200).contains(baud) else {
                throw ModbusError(.invalidAddress, at: address, "baud must be 1200-115200")
            }
            self.baud = baud
        case "parity":
            guard value.count == 1, let parity = Parity(rawValue: Character(value.uppercased()))
            else {
                throw ModbusError(.invalidAddress, at: address, "parity must be N, E or O")
            }
            self.parity = parity
        case "data":
            guard let bits = Int(value), bits == 7 || bits == 8 else {
                throw ModbusError(.invalidAddress, at: address, "data bits must be 7 or 8")
            }
            dataBits = bits
        case "stop":
            guard let bits = Int(value), bits == 1 || bits == 2 else {
                throw ModbusError(.invalidAddress, at: address, "stop bits must be 1 or 2")
            }
            stopBits = bits
        default:
            throw ModbusError(.invalidAddress, at: address, "unknown serial setting '\(key)'")
        }
    }
}
