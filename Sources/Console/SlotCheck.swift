import ConsoleRecords

/// What a journal slot read holds, against the sequence number expected there.
public enum SlotCheck: Sendable, Hashable {
    /// The expected event, intact.
    case expected
    /// `seq_check` does not match `seq`: half old, half new. Read again.
    case torn
    /// A newer event: the expected one was overwritten before it was read.
    case overwritten(found: UInt32)
    /// An older or empty slot: the journal went backwards (a restart under way).
    case behind(found: UInt32)

    /// Classifies a slot whose `seq` and `seq_check` fields are given.
    public init(seq: UInt32, seqCheck: UInt32, expected: UInt32) {
        if seqCheck != seq & 0xFFFF {
            self = .torn
        } else if seq == expected {
            self = .expected
        } else if seq > expected {
            self = .overwritten(found: seq)
        } else {
            self = .behind(found: seq)
        }
    }
}
