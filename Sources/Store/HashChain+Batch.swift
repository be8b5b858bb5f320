extension HashChain {
    /// The links of one poll's `entries`, chained in order after `previous`: each entry's previous hash and its
    /// own, keyed with `key` (HMAC-SHA-256) when there is one and plain SHA-256 otherwise. Both stores chain a
    /// poll's records with this and only write what it returns.
    public static func links(
        of entries: [JournalEntry], after previous: String, console: String, receivedAt: Double, key: ChainKey?
    ) -> [(previous: String, hash: String)] {
        var previous = previous
        return entries.map { entry in
            let hash =
                key?.link(
                    previous: previous, console: console, kind: entry.kind, receivedAt: receivedAt, body: entry.body)
                ?? link(
                    previous: previous, console: console, kind: entry.kind, receivedAt: receivedAt, body: entry.body)
            defer { previous = hash }
            return (previous, hash)
        }
    }
}
