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
        var first = lastSeq + 1
        if UInt64(head - lastSeq) > UInt64(capacity) {
            let firstKept = head - UInt32(capacity) + 1
            lost = first...(firstKept - 1)
            first = firstKept
        }
        let slotsPerRead = maxRegisters / slotSize
        var seq = first
        while seq <= head {
            let index = Int((seq - 1) % UInt32(capacity))
            let untilWrap = capacity - index
            let remaining = Int(head - seq) + 1
            let count = min(slotsPerRead, untilWrap, remaining)
            reads.append(
                Read(
                    firstSeq: seq, slotCount: count, address: journalStart + index * slotSize,
                    registerCount: count * slotSize))
            seq += UInt32(count)
        }
    }

    /// The register address of the slot that holds `seq`.
    public static func address(of seq: UInt32, capacity: Int, slotSize: Int, journalStart: Int) -> Int {
        journalStart + Int((seq - 1) % UInt32(capacity)) * slotSize
    }
}
