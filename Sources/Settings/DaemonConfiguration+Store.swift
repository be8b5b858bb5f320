import Foundation
import Store

extension DaemonConfiguration {
    /// Opens the configured store: the daemon's for writing (creating and
    /// migrating it), the command line's `readOnly` (refusing a schema it
    /// does not know).
    public func openStore(readOnly: Bool = false) throws(StoreError) -> SQLiteStore {
        switch store {
        case .sqlite(let path): try SQLiteStore(path: path, readOnly: readOnly, charges: charges)
        }
    }
}
