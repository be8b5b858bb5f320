/// Where a Modbus server is: a TCP host and port, or a serial device for RTU.
///
/// Written as in the configuration contract: `tcp://host:port` (port 502 when
/// left out) or `rtu:///dev/ttyUSB0?baud=19200&parity=E&data=8&stop=1`.
public enum ModbusAddress: Sendable, Hashable, CustomStringConvertible {
    /// Modbus TCP to `host` on `port`.
    case tcp(host: String, port: Int)
    /// Modbus RTU on a serial `device` with the given line settings.
    case rtu(device: String, line: SerialLine)

    /// Parses an address string, naming what is wrong when it cannot. A server
    /// may pass `allowingAnyPort` to take port 0, "any free port".
    public init(parsing text: String, allowingAnyPort: Bool = false) throws(ModbusError) {
        if text.hasPrefix("tcp://") {
            self = try Self.parseTCP(
                String(text.dropFirst("tcp://".count)), original: text, lowestPort: allowingAnyPort ? 0 : 1)
        } else if text.hasPrefix("rtu://") {
            self = try Self.parseRTU(String(text.dropFirst("rtu://".count)), original: text)
        } else {
            throw ModbusError(
                .invalidAddress, at: text, "an address starts with tcp:// or rtu://")
        }
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "tcp://\(shown):\(port)"
        case .rtu(let device, let line):
            return "rtu://\(device)?\(line.queryString)"
        }
    }

    private static func parseTCP(_ rest: String, original: String, lowestPort: Int) throws(ModbusError) -> Self {
        var hostPart = rest
        var portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw ModbusError(.invalidAddress, at: original, "unclosed [ in the host")
            }
            hostPart = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else if !after.isEmpty {
                throw ModbusError(.invalidAddress, at: original, "unexpected text after the host")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = String(rest[..<colon])
            portPart = rest[rest.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains("/") else {
            throw ModbusError(.invalidAddress, at: original, "the host is missing or has a /")
        }
        var port = 502
        if let portPart {
            guard let value = Int(portPart), (lowestPort...65535).contains(value) else {
                throw ModbusError(.invalidAddress, at: original, "the port must be \(lowestPort)-65535")
            }
            port = value
        }
        return .tcp(host: hostPart, port: port)
    }

    private static func parseRTU(_ rest: String, original: String) throws(ModbusError) -> Self {
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let device = String(parts[0])
        guard device.hasPrefix("/"), device.count > 1 else {
            throw ModbusError(
                .invalidAddress, at: original, "an RTU address names a device path, rtu:///dev/...")
        }
        var line = SerialLine()
        if parts.count == 2, !parts[1].isEmpty {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                guard keyValue.count == 2 else {
                    throw ModbusError(.invalidAddress, at: original, "'\(pair)' is not key=value")
                }
                try line.set(String(keyValue[0]), to: String(keyValue[1]), in: original)
            }
        }
        return .rtu(device: device, line: line)
    }
}
