/// The access log's storage: append-only, enforced by the database.
public protocol AccessLogStore: Sendable {
    /// Appends `entries` in one transaction, durable before this returns.
    func recordAccess(_ entries: [AccessEntry]) async throws(StoreError)

    /// The entries `query` selects, oldest first.
    func accessEntries(_ query: AccessQuery) async throws(StoreError) -> [AccessEntry]
}
