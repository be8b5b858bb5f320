import ConsoleRecords
import LinkAddress
import Modbus

/// The YAML form of a device profile, before it is checked.
struct ProfileFile: Decodable {
    struct Line: Decodable {
        struct RTU: Decodable {
            var baud: Int
            var parity: String
            var data: Int
            var stop: Int
        }
        var tcp_port: Int
        var unit: Int
        var max_tcp_clients: Int
        var rtu: RTU
    }
    struct Journal: Decodable {
        var start: Int
        var capacity_field: String
        var slot_size_field: String
        var slot: [FieldLayout]
    }
    struct Sectors: Decodable {
        var bits_per_sector: Int
        var collimators_mm: [String: Int]
    }

    var profile: String
    var map_revision: Int
    var table: RegisterTable
    var max_registers_per_read: Int
    var busy_retry_ms: Int
    var torn_slot_retries: Int
    var line: Line
    var blocks: [String: RegisterBlockLayout]
    var journal: Journal
    var event_types: [String: String]
    var reasons: [String: String]
    var console_states: [String: String]
    var session_kinds: [String: String]
    var outcomes: [String: String]
    var immobilizations: [String: String]
    var sectors: Sectors
}

extension DeviceProfile {
    static let requiredFields: [String: [String]] = [
        "identity": ["magic", "map_revision", "console_serial", "console_model", "boot_id"],
        "status": ["console_state", "console_clock", "journal_head", "active_session", "boot_id"],
        "session": ["session_number", "session_kind", "outcome", "opened_at", "closed_at"],
        "slot": ["seq", "time", "type", "session_number", "seq_check"],
    ]

    init(file: ProfileFile, source: String) throws(ConsoleError) {
        func fail(_ key: String, _ detail: String) -> ConsoleError {
            ConsoleError(.invalidProfile, at: "\(source): \(key)", detail)
        }
        func block(_ name: String) throws(ConsoleError) -> RegisterBlockLayout {
            guard let block = file.blocks[name] else { throw fail("blocks.\(name)", "missing") }
            guard block.count <= file.max_registers_per_read else {
                throw fail("blocks.\(name).count", "a block must be readable in one request")
            }
            try Self.check(block.fields, size: block.count, required: Self.requiredFields[name] ?? []) { key, detail in
                fail("blocks.\(name).fields.\(key)", detail)
            }
            return block
        }
        func vocabularyTable<Value: RawRepresentable>(_ key: String, _ raw: [String: String]) throws(ConsoleError)
            -> [UInt16: Value] where Value.RawValue == String
        {
            var result: [UInt16: Value] = [:]
            for (number, name) in raw {
                guard let code = UInt16(number) else { throw fail("\(key).\(number)", "not a number") }
                guard let value = Value(rawValue: name) else {
                    throw fail("\(key).\(number)", "'\(name)' is not a known meaning")
                }
                result[code] = value
            }
            return result
        }

        guard let parity = SerialLine.Parity(rawValue: Character(file.line.rtu.parity)) else {
            throw fail("line.rtu.parity", "must be N, E or O")
        }
        guard (1...247).contains(file.line.unit) else { throw fail("line.unit", "must be 1-247") }
        guard (1...125).contains(file.max_registers_per_read) else {
            throw fail("max_registers_per_read", "must be 1-125")
        }
        name = file.profile
        mapRevision = file.map_revision
        self.table = file.table
        maxRegistersPerRead = file.max_registers_per_read
        busyRetry = .milliseconds(max(100, file.busy_retry_ms))
        tornSlotRetries = max(1, file.torn_slot_retries)
        line = LineDefaults(
            tcpPort: file.line.tcp_port, unit: UInt8(file.line.unit),
            maxTCPClients: file.line.max_tcp_clients,
            serial: SerialLine(
                baud: file.line.rtu.baud, parity: parity, dataBits: file.line.rtu.data,
                stopBits: file.line.rtu.stop))
        identity = try block("identity")
        status = try block("status")
        session = try block("session")
        journalStart = file.journal.start
        capacityField = file.journal.capacity_field
        slotSizeField = file.journal.slot_size_field
        for field in [capacityField, slotSizeField]
        where !identity.fields.contains(where: { $0.name == field }) {
            throw fail("journal", "'\(field)' is not a field of the identity block")
        }
        slot = file.journal.slot
        let slotSize = slot.map { $0.offset + $0.registerCount }.max() ?? 0
        try Self.check(slot, size: slotSize, required: Self.requiredFields["slot"] ?? []) {
            key, detail in fail("journal.slot.\(key)", detail)
        }
        var collimators: [UInt16: Int] = [:]
        for (code, size) in file.sectors.collimators_mm {
            guard let number = UInt16(code) else {
                throw fail("sectors.collimators_mm.\(code)", "not a number")
            }
            collimators[number] = size
        }
        vocabulary = Vocabulary(
            eventKinds: try vocabularyTable("event_types", file.event_types),
            reasons: try vocabularyTable("reasons", file.reasons),
            consoleStates: try vocabularyTable("console_states", file.console_states),
            sessionKinds: try vocabularyTable("session_kinds", file.session_kinds),
            outcomes: try vocabularyTable("outcomes", file.outcomes),
            immobilizations: try vocabularyTable("immobilizations", file.immobilizations),
            bitsPerSector: file.sectors.bits_per_sector,
            collimators: collimators)
    }

    private static func check(
        _ fields: [FieldLayout], size: Int, required: [String],
        _ fail: (String, String) -> ConsoleError
    ) throws(ConsoleError) {
        for field in fields {
            if field.type == .str && (field.length ?? 0) < 1 {
                throw fail(field.name, "a str field needs a length")
            }
            if field.offset < 0 || field.offset + field.registerCount > size {
                throw fail(field.name, "lies outside its block")
            }
        }
        for name in required where !fields.contains(where: { $0.name == name }) {
            throw fail(name, "required field missing")
        }
    }
}
