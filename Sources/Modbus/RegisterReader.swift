import LinkAddress

/// What reads a device's registers: ``ModbusClient`` over libmodbus, or a register image where a
/// gateway cannot run (the poll-step fuzz target). Reading is all it can do: there is no write.
public protocol RegisterReader: Actor {
    /// Reads `count` registers of `table` from `address`.
    func read(_ table: RegisterTable, address: Int, count: Int) throws(ModbusError) -> [UInt16]

    /// Closes the connection, if there is one; the next read reconnects.
    func disconnect()
}

extension ModbusClient: RegisterReader {}
