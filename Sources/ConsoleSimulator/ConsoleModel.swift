import Console
import ConsoleRecords
import Foundation

/// The gateway's registers and the console state behind them: a value with
/// no I/O. Steps change it; reads are answered from it.
public struct ConsoleModel: Sendable {
    /// What a read gets back.
    public enum Answer: Sendable, Hashable {
        /// The registers asked for.
        case registers([UInt16])
        /// A Modbus exception code.
        case exception(UInt8)
        /// No answer at all.
        case silence
    }

    let profile: DeviceProfile
    let capacity: Int
    let slotSize: Int
    let sectorCount: Int
    let start: Date
    var identity: [UInt16]
    var status: [UInt16]
    var session: [UInt16]
    var journal: [UInt16]

    /// Simulated seconds since the scenario's start.
    public private(set) var offset: Double = 0
    /// The gateway's current boot id.
    public private(set) var bootID: UInt32
    /// The newest sequence number written since boot.
    public internal(set) var head: UInt32 = 0
    /// Bumped whenever the gateway drops its connections (restart, drop).
    public private(set) var connectionGeneration = 0
    /// Events written since the model was made, across restarts.
    public internal(set) var eventsWritten = 0
    /// Every event written, in order: what a perfect reader would return.
    public internal(set) var history: [WrittenEvent] = []

    var busyUntil = -Double.infinity
    /// A `journal_head` answered instead of the true one, until a simulated time.
    var falseHead: (value: UInt32, until: Double)?
    var silentUntil = -Double.infinity
    var tornReads: [Int: Int] = [:]
    var tearNext = (events: 0, reads: 0)
    var openSession: UInt32 = 0
    var shotDelivered: [Int: Int64] = [:]
    var shotsCompleted = 0
    var sessionValues: [String: FieldValue] = [:]
    var lifetimeTenths: UInt32

    /// A model of `scenario`'s console serving `profile`.
    public init(scenario: Scenario, profile: DeviceProfile) throws(SimulatorError) {
        self.profile = profile
        let console = scenario.console
        capacity = console.journal_capacity
        slotSize = console.journal_slot_size
        sectorCount = console.sectors
        start = try scenario.startDate
        guard capacity > 0, slotSize >= 24, slotSize <= 125 else {
            throw SimulatorError(.invalidScenario, at: "console", "journal of 1+ slots of 24-125 registers")
        }
        identity = Array(repeating: 0, count: profile.identity.count)
        status = Array(repeating: 0, count: profile.status.count)
        session = Array(repeating: 0, count: profile.session.count)
        journal = Array(repeating: 0, count: capacity * slotSize)
        bootID = UInt32.random(in: 1...UInt32.max)
        lifetimeTenths = UInt32(console.lifetime_beam_on_hours * 36_000)
        let calibration = try scenario.calibrationDate
        profile.identity.encode(
            [
                "magic": .unsigned(UInt32(console.magic)),
                "map_revision": .unsigned(UInt32(console.map_revision)),
                "console_serial": .text(console.serial),
                "console_model": .text(console.model),
                "firmware": .text(console.firmware),
                "source_count": .unsigned(UInt32(console.sources)),
                "sector_count": .unsigned(UInt32(console.sectors)),
                "reference_dose_rate": .unsigned(UInt32(console.reference_dose_rate)),
                "calibration_time": .unsigned(UInt32(calibration.timeIntervalSince1970)),
                "boot_id": .unsigned(bootID),
                profile.capacityField: .unsigned(UInt32(capacity)),
                profile.slotSizeField: .unsigned(UInt32(slotSize)),
            ], into: &identity)
        setState(.idle)
        refreshStatus()
    }

    /// The simulated time now.
    public var clock: Date { start.addingTimeInterval(offset) }

    /// Moves simulated time to `offset` (never backwards).
    public mutating func advance(to offset: Double) {
        self.offset = max(self.offset, offset)
    }

    /// Answers a read of `count` registers at `address` with function code `function`.
    public mutating func answer(function: UInt8, address: Int, count: Int, heartbeat: UInt16) -> Answer {
        if offset < silentUntil { return .silence }
        guard function == profile.table.functionCode else { return .exception(0x01) }
        guard (1...125).contains(count) else { return .exception(0x03) }
        if offset < busyUntil { return .exception(0x06) }
        let end = address + count
        let blocks: [(Int, [UInt16])] = [
            (profile.identity.start, identity), (profile.status.start, status),
            (profile.session.start, session), (profile.journalStart, journal),
        ]
        for (blockStart, registers) in blocks where address >= blockStart && end <= blockStart + registers.count {
            var result = Array(registers[(address - blockStart)..<(end - blockStart)])
            if blockStart == profile.status.start {
                var answered = registers
                let field = profile.status.fields.first { $0.name == "heartbeat" }
                if let offset = field?.offset, offset < answered.count { answered[offset] = heartbeat }
                if let falseHead, offset < falseHead.until {
                    profile.status.encode(["journal_head": .unsigned(falseHead.value)], into: &answered)
                }
                result = Array(answered[(address - blockStart)..<(end - blockStart)])
            }
            if blockStart == profile.journalStart { tear(&result, from: address - blockStart) }
            return .registers(result)
        }
        return .exception(0x02)
    }

    /// Applies one step of a compiled scenario.
    public mutating func apply(_ step: ScriptStep) {
        advance(to: step.offset)
        switch step.action {
        case .event(let event): record(event)
        case .gateway(let fault): misbehave(fault)
        }
        refreshStatus()
    }

    private mutating func tear(_ registers: inout [UInt16], from journalOffset: Int) {
        guard !tornReads.isEmpty,
            let checkOffset = profile.slotField("seq_check")?.offset
        else { return }
        let firstSlot = journalOffset / slotSize
        let lastSlot = (journalOffset + registers.count - 1) / slotSize
        for slot in firstSlot...lastSlot {
            guard let remaining = tornReads[slot], remaining > 0 else { continue }
            let index = slot * slotSize + checkOffset - journalOffset
            if index >= 0 && index < registers.count { registers[index] ^= 0x5A5A }
            tornReads[slot] = remaining == 1 ? nil : remaining - 1
        }
    }

    private mutating func misbehave(_ fault: GatewayFault) {
        if let seconds = fault.busy_s { busyUntil = offset + seconds }
        if let seconds = fault.silence_s { silentUntil = offset + seconds }
        if fault.restart == true { restart() }
        if fault.drop_connections == true { connectionGeneration += 1 }
        if let torn = fault.torn { tearNext = (torn.events, torn.reads) }
        if let head = fault.false_head { falseHead = (head.value, offset + head.for_s) }
        if let count = fault.overrun {
            for index in 0..<count {
                record(ScriptEvent(kind: index % 2 == 0 ? .fault : .faultCleared, code: 900))
            }
        }
    }

    /// A gateway restart: a new boot id, an empty journal, connections dropped.
    /// The console's sessions carry on.
    public mutating func restart() {
        var next = UInt32.random(in: 1...UInt32.max)
        while next == bootID { next = UInt32.random(in: 1...UInt32.max) }
        bootID = next
        head = 0
        journal = Array(repeating: 0, count: journal.count)
        tornReads = [:]
        connectionGeneration += 1
        profile.identity.encode(["boot_id": .unsigned(bootID)], into: &identity)
    }
}
