/// An effect a decision returns for the store to apply in its transaction: write `charge`, append `entry`
/// to its history, and give it the next place in the ready order when `enqueue`.
public struct ChargeChange: Sendable, Hashable {
    /// The charge as decided.
    public var charge: Charge
    /// Its history entry.
    public var entry: ChargeHistoryEntry
    /// Whether it takes the next place in the ready order.
    public var enqueue: Bool

    /// A change; a charge that became ready is enqueued unless said otherwise.
    public init(_ charge: Charge, _ entry: ChargeHistoryEntry, enqueue: Bool? = nil) {
        self.charge = charge
        self.entry = entry
        self.enqueue = enqueue ?? (charge.status == .ready)
    }
}
