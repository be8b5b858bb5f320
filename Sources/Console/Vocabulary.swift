import ConsoleRecords

/// What the numbers in a gateway's registers mean, per its profile.
public struct Vocabulary: Sendable, Hashable {
    /// Event type numbers.
    public var eventKinds: [UInt16: EventKind]
    /// Reason codes of interruptions and early ends.
    public var reasons: [UInt16: InterruptionReason]
    /// Console state numbers.
    public var consoleStates: [UInt16: ConsoleState]
    /// Session kind numbers.
    public var sessionKinds: [UInt16: SessionKind]
    /// Outcome numbers.
    public var outcomes: [UInt16: SessionOutcome]
    /// Immobilization numbers.
    public var immobilizations: [UInt16: Immobilization]
    /// Bits per sector in the `sectors` field; sector 1 in the lowest bits.
    public var bitsPerSector: Int
    /// Collimator size in mm for each sector code; 0 = blocked.
    public var collimators: [UInt16: Int]

    /// The collimator of each of `sectorCount` sectors, in mm, decoded from a
    /// `sectors` register; nil when a code has no meaning.
    public func sectors(_ register: UInt16, count sectorCount: Int) -> [Int]? {
        guard bitsPerSector > 0 else { return nil }
        let mask = UInt16((1 << bitsPerSector) - 1)
        let count = min(sectorCount, 16 / bitsPerSector)
        var sizes: [Int] = []
        for sector in 0..<count {
            let code = (register >> UInt16(sector * bitsPerSector)) & mask
            guard let size = collimators[code] else { return nil }
            sizes.append(size)
        }
        return sizes
    }

    /// The `sectors` register for collimator sizes in mm (the inverse of ``sectors(_:count:)``).
    public func sectorsRegister(_ sizes: [Int]) -> UInt16? {
        var register: UInt16 = 0
        for (sector, size) in sizes.enumerated() {
            guard let code = collimators.first(where: { $0.value == size })?.key else { return nil }
            register |= code << UInt16(sector * bitsPerSector)
        }
        return register
    }

    /// The number for a value of one of the vocabularies, for the simulator's encoding.
    public static func code<Value: Equatable>(of value: Value, in table: [UInt16: Value]) -> UInt16? {
        table.first { $0.value == value }?.key
    }
}
