import LinkAddress
import Logging

/// A read-only Modbus TCP or RTU client over libmodbus.
///
/// It can read input and holding registers and nothing else: no write exists
/// in its API, so a logging system built on it cannot write to a device. The
/// actor runs on its link's own thread (``executor``), where its blocking
/// libmodbus calls cannot stall Swift's cooperative pool. It reconnects by
/// itself with back-off.
public actor ModbusClient {
    /// The configuration the client was made with.
    public nonisolated let configuration: Configuration
    /// The link's thread. Actors built over this client may share it.
    public nonisolated let executor: LinkExecutor
    private let connection: ModbusConnection
    private let logger: Logger

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// A client for `configuration`; it connects at its first read.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.connection = ModbusConnection(configuration: configuration)
        self.executor = LinkExecutor(name: "modbus \(configuration.address)")
    }

    deinit {
        // The connection closes its context in its own deinit.
        executor.stop()
    }

    /// Reads `count` (1–125) input registers from `address`, function code 0x04.
    public func readInputRegisters(address: Int, count: Int) throws(ModbusError) -> [UInt16] {
        try read(.input, address: address, count: count)
    }

    /// Reads `count` (1–125) holding registers from `address`, function code 0x03.
    public func readHoldingRegisters(address: Int, count: Int) throws(ModbusError) -> [UInt16] {
        try read(.holding, address: address, count: count)
    }

    /// Reads `count` registers of `table` from `address`.
    public func read(_ table: RegisterTable, address: Int, count: Int) throws(ModbusError) -> [UInt16] {
        let result = connection.read(table, address: address, count: count)
        if case .failure(let error) = result {
            logger.debug("modbus read failed", metadata: ["error": "\(error)"])
        }
        return try result.get()
    }

    /// Closes the connection; the next read reconnects.
    public func disconnect() {
        connection.close()
    }

    /// The link's counters so far.
    public func statistics() -> ModbusStatistics {
        connection.statistics
    }
}
