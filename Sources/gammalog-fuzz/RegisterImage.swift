import ConsoleSimulator
import LinkAddress
import Modbus

/// A simulated gateway's registers answered in memory, with the fuzzer's edits laid over the answers:
/// the poll-step target reads a register image, not a socket, so it runs a million polls. The
/// simulator's model is the same one the tests serve over real Modbus TCP and RTU.
actor RegisterImage: RegisterReader {
    /// One word the fuzzer puts into the answer of one read.
    struct Edit: Sendable {
        /// Which read of the run (0 is the first).
        var read: Int
        /// Which register of that read's answer (modulo its length).
        var register: Int
        /// The value answered instead.
        var value: UInt16
    }

    private var model: ConsoleModel
    private let edits: [Edit]
    private var reads = 0

    init(model: ConsoleModel, edits: [Edit]) {
        self.model = model
        self.edits = edits
    }

    /// Moves the console on to `later`, the same console further into its scenario (between two polls).
    func play(to later: ConsoleModel) { model = later }

    func read(_ table: RegisterTable, address: Int, count: Int) throws(ModbusError) -> [UInt16] {
        defer { reads += 1 }
        switch model.answer(
            function: table.functionCode, address: address, count: count, heartbeat: UInt16(reads & 0xFFFF))
        {
        case .registers(var registers):
            for edit in edits where edit.read == reads && !registers.isEmpty {
                registers[edit.register % registers.count] = edit.value
            }
            return registers
        case .exception(let code):
            throw ModbusError(.exception, at: "image", "exception", exception: ModbusException(rawValue: code))
        case .silence:
            throw ModbusError(.timeout, at: "image", "no answer")
        }
    }

    func disconnect() {}
}
