import ConsoleRecords

/// Which journal slots to read, in which requests, to go from `lastSeq` to
/// `head`: pure arithmetic over the CCG-1 ring, no I/O.
public struct JournalPlan: Sendable, Hashable {
    /// One request: `slotCount` whole slots starting with `firstSeq`.
    public struct Read: Sendable, Hashable {
        /// Sequence number in the first slot read.
        public var firstSeq: UInt32
        /// Slots in the request.
        public var slotCount: Int
        /// First register address.
        public var address: Int
        /// Registers in the request.
        public var registerCount: Int
    }

    /// Sequence numbers overwritten before they could be read, if any.
    public var lost: ClosedRange<UInt32>?
    /// The requests, in sequence order.
    public var reads: [Read]

    /// Plans the reads after `lastSeq` up to `head` for a ring of `capacity`
    /// slots of `slotSize` registers at `journalStart`, at most `maxRegisters` a request.
    public init(
        lastSeq: UInt32, head: UInt32, capacity: Int, slotSize: Int, journalStart: Int,
        maxRegisters: Int
    ) {
        reads = []
        lost = nil
        guard head > lastSeq, capacity > 0, slotSize > 0, slotSize <= maxRegisters else { return }
        // Sequence numbers are counted in 64 bits: a head of 2^32 - 1 (a gateway fault, or a liar
        // answering as the gateway) must plan its reads, not overflow while counting up to it.
        let last = UInt64(head)
        var seq = UInt64(lastSeq) + 1
        let ring = UInt64(capacity)
        if last - UInt64(lastSeq) > ring {
            let firstKept = last - ring + 1
            lost = UInt32(seq)...UInt32(firstKept - 1)
            seq = firstKept
        }
        let slotsPerRead = UInt64(maxRegisters / slotSize)
        while seq <= last {
            let index = (seq - 1) % ring
            let count = min(slotsPerRead, ring - index, last - seq + 1)
            reads.append(
                Read(
                    firstSeq: UInt32(seq), slotCount: Int(count), address: journalStart + Int(index) * slotSize,
                    registerCount: Int(count) * slotSize))
            seq += count
        }
    }

    /// The register address of the slot that holds `seq`.
    public static func address(of seq: UInt32, capacity: Int, slotSize: Int, journalStart: Int) -> Int {
        guard capacity > 0 else { return journalStart }
        let ring = UInt64(capacity)
        return journalStart + Int((UInt64(seq) + ring - 1) % ring) * slotSize
    }
}
