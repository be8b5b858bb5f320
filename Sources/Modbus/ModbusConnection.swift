import CModbus
import Foundation
import LinkAddress

#if canImport(Glibc)
    import Glibc
#endif

/// The libmodbus context of one link and the blocking calls on it.
///
/// Confined to its client actor (on the link thread): every method runs there, never
/// concurrently, which is what makes the unchecked `Sendable` sound.
final class ModbusConnection {
    private let configuration: ModbusClient.Configuration
    private var context: OpaquePointer?
    private var backoff: Backoff
    private var nextAttempt: ContinuousClock.Instant = .now
    private var lastFrameEnd: ContinuousClock.Instant = .now
    private(set) var statistics = ModbusStatistics()

    init(configuration: ModbusClient.Configuration) {
        self.configuration = configuration
        self.backoff = configuration.reconnect
    }

    deinit { close() }

    var isConnected: Bool { context != nil }

    func read(_ table: RegisterTable, address: Int, count: Int) -> Result<[UInt16], ModbusError> {
        // Built only on failure: the happy path stays free of string work.
        func location() -> String {
            "\(configuration.address) unit \(configuration.unit) \(table) registers \(address)-\(address + count - 1)"
        }
        guard (1...Int(cmodbus_max_read_registers())).contains(count), address >= 0,
            address + count <= 65536
        else {
            return .failure(
                ModbusError(.invalidRequest, at: location(), "a read takes 1-125 registers within 0-65535"))
        }
        if case .failure(let error) = connectIfNeeded() { return .failure(error) }
        guard let context else {
            return .failure(ModbusError(.notConnected, at: location(), "no connection"))
        }
        keepInterFrameSilence()
        var registers = [UInt16](repeating: 0, count: count)
        let result = registers.withUnsafeMutableBufferPointer { buffer -> Int32 in
            switch table {
            case .input: modbus_read_input_registers(context, Int32(address), Int32(count), buffer.baseAddress)
            case .holding: modbus_read_registers(context, Int32(address), Int32(count), buffer.baseAddress)
            }
        }
        let failure = errno
        lastFrameEnd = .now
        statistics.transactions += 1
        if result == Int32(count) {
            statistics.recordWire(request: requestBytes, response: responseBytes(registers: count))
            return .success(registers)
        }
        statistics.failures += 1
        return .failure(recover(fromErrno: result < 0 ? failure : cmodbus_embmdata(), at: location()))
    }

    func close() {
        if let context {
            modbus_close(context)
            modbus_free(context)
        }
        context = nil
    }

    // MARK: - Connecting

    private func connectIfNeeded() -> Result<Void, ModbusError> {
        if context != nil { return .success(()) }
        let location = configuration.address.description
        let now = ContinuousClock.now
        if now < nextAttempt {
            return .failure(
                ModbusError(
                    .notConnected, at: location,
                    "reconnecting after \(backoff.failures) failed attempts; next in \(nextAttempt - now)"))
        }
        guard let fresh = makeContext() else {
            let failure = errno
            return .failure(failConnect(at: location, "cannot create a context: \(describe(failure))"))
        }
        modbus_set_slave(fresh, Int32(configuration.unit))
        let (seconds, microseconds) = configuration.responseTimeout.secondsAndMicroseconds
        modbus_set_response_timeout(fresh, seconds, microseconds)
        modbus_set_byte_timeout(fresh, seconds, microseconds)
        if modbus_connect(fresh) == -1 {
            let failure = errno
            modbus_free(fresh)
            return .failure(failConnect(at: location, describe(failure)))
        }
        // libmodbus 3.1.6 waits with select(), which cannot watch a descriptor
        // at or above FD_SETSIZE: refuse such a socket rather than corrupt memory.
        if modbus_get_socket(fresh) >= 1024 {
            modbus_close(fresh)
            modbus_free(fresh)
            return .failure(
                failConnect(at: location, "socket descriptor at or above FD_SETSIZE (1024)"))
        }
        context = fresh
        backoff.recordSuccess()
        statistics.connects += 1
        lastFrameEnd = .now
        return .success(())
    }

    private func makeContext() -> OpaquePointer? {
        switch configuration.address {
        case .tcp(let host, let port):
            // The IPv4 back end is measurably faster per request than the
            // protocol-independent one; the latter is for names and IPv6.
            var ipv4 = in_addr()
            if inet_pton(AF_INET, host, &ipv4) == 1 { return modbus_new_tcp(host, Int32(port)) }
            return modbus_new_tcp_pi(host, String(port))
        case .rtu(let device, let line):
            let parity = CChar(UInt8(ascii: line.parity.rawValue.unicodeScalars.first ?? "N"))
            return modbus_new_rtu(
                device, Int32(line.baud), parity, Int32(line.dataBits), Int32(line.stopBits))
        }
    }

    private func failConnect(at location: String, _ detail: String) -> ModbusError {
        backoff.recordFailure()
        nextAttempt = .now + backoff.currentDelay
        statistics.failedConnects += 1
        return ModbusError(.connectionFailed, at: location, detail)
    }

    // MARK: - Failures

    /// Maps libmodbus's errno to an error and leaves the link usable: after a
    /// timeout or a corrupt reply a late answer would poison the next
    /// transaction, so TCP reconnects and RTU drains the line.
    private func recover(fromErrno failure: Int32, at location: String) -> ModbusError {
        let base = cmodbus_enobase()
        if failure > base && failure <= cmodbus_embxgtar() {
            let exception = ModbusException(rawValue: UInt8(failure - base))
            return ModbusError(.exception, at: location, "", exception: exception)
        }
        switch failure {
        case ETIMEDOUT:
            dropOrDrain()
            return ModbusError(
                .timeout, at: location, "no reply within \(configuration.responseTimeout)")
        case cmodbus_embbadcrc(), cmodbus_embbaddata(), cmodbus_embmdata(),
            cmodbus_embbadslave(), cmodbus_embbadexc(), cmodbus_embunkexc():
            dropOrDrain()
            return ModbusError(.badResponse, at: location, describe(failure))
        default:
            // The first reconnect after a lost connection is immediate; the
            // back-off applies once connecting itself fails.
            close()
            return ModbusError(.connectionLost, at: location, describe(failure))
        }
    }

    private func dropOrDrain() {
        switch configuration.address {
        case .tcp:
            close()
        case .rtu:
            guard let context else { return }
            Thread.sleep(forTimeInterval: 0.05)
            modbus_flush(context)
        }
    }

    private func keepInterFrameSilence() {
        guard case .rtu(_, let line) = configuration.address else { return }
        let ready = lastFrameEnd + line.interFrameSilence
        let now = ContinuousClock.now
        if ready > now {
            let wait = ready - now
            usleep(UInt32(wait.components.attoseconds / 1_000_000_000_000) + 1)
        }
    }

    private var requestBytes: Int {
        if case .tcp = configuration.address { return 12 }
        return 8
    }

    private func responseBytes(registers: Int) -> Int {
        if case .tcp = configuration.address { return 9 + 2 * registers }
        return 5 + 2 * registers
    }

    private func describe(_ failure: Int32) -> String {
        String(cString: modbus_strerror(failure))
    }
}

extension Duration {
    var secondsAndMicroseconds: (UInt32, UInt32) {
        let (seconds, attoseconds) = components
        return (UInt32(clamping: seconds), UInt32(clamping: attoseconds / 1_000_000_000_000))
    }

    /// The duration in milliseconds, rounded down.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
