import Logging

/// A read-only Modbus TCP or RTU client over libmodbus.
///
/// It can read input and holding registers and nothing else: no write exists
/// in its API, so a logging system built on it cannot write to a device. Its
/// libmodbus context lives on a thread of its own; callers use async methods,
/// which queue in order. It reconnects by itself with back-off.
public final class ModbusClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: Configuration
    private let thread: LinkThread
    private let connection: ModbusConnection
    private let logger: Logger

    /// A client for `configuration`; it connects at its first read.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.connection = ModbusConnection(configuration: configuration)
        self.thread = LinkThread(name: "modbus \(configuration.address)")
    }

    deinit {
        let connection = self.connection
        thread.stop { connection.close() }
    }

    /// Reads `count` (1–125) input registers from `address`, function code 0x04.
    public func readInputRegisters(address: Int, count: Int) async throws(ModbusError) -> [UInt16] {
        try await read(.input, address: address, count: count)
    }

    /// Reads `count` (1–125) holding registers from `address`, function code 0x03.
    public func readHoldingRegisters(address: Int, count: Int) async throws(ModbusError) -> [UInt16] {
        try await read(.holding, address: address, count: count)
    }

    /// Reads `count` registers of `table` from `address`.
    public func read(_ table: RegisterTable, address: Int, count: Int) async throws(ModbusError)
        -> [UInt16]
    {
        let result = await perform { connection in
            connection.read(table, address: address, count: count)
        }
        if case .failure(let error) = result {
            logger.debug("modbus read failed", metadata: ["error": "\(error)"])
        }
        return try result.get()
    }

    /// Closes the connection; the next read reconnects.
    public func disconnect() async {
        _ = await perform { connection -> Result<Void, ModbusError> in
            connection.close()
            return .success(())
        }
    }

    /// The link's counters so far.
    public func statistics() async -> ModbusStatistics {
        let result = await perform { connection -> Result<ModbusStatistics, ModbusError> in
            .success(connection.statistics)
        }
        return (try? result.get()) ?? ModbusStatistics()
    }

    private func perform<Value: Sendable>(
        _ job: @escaping @Sendable (ModbusConnection) -> Result<Value, ModbusError>
    ) async -> Result<Value, ModbusError> {
        let connection = self.connection
        let location = configuration.address.description
        return await withCheckedContinuation { continuation in
            let queued = thread.submit { continuation.resume(returning: job(connection)) }
            if !queued {
                continuation.resume(
                    returning: .failure(ModbusError(.shutDown, at: location, "the link is stopping")))
            }
        }
    }
}
