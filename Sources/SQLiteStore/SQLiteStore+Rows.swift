import GRDB
import Store

extension SQLiteStore {
    /// A table's rows as they are kept, for moving a site to another store: up to `limit` rows after
    /// `rowid`, in rowid order (the order they were written), each with its rowid and `columns`' values.
    /// `table` and `columns` are the caller's constants, never input.
    public func rows(of table: String, columns: [String], after rowid: Int64, limit: Int)
        async throws(StoreError) -> [(rowid: Int64, values: [StoreValue])]
    {
        let sql =
            "SELECT rowid, \(columns.joined(separator: ", ")) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?"
        return try await read("\(table) after \(rowid)") { db in
            try Row.fetchAll(db, sql: sql, arguments: [rowid, limit]).map { row in
                let id: Int64 = row[0]
                let values = try (1...columns.count).map { index throws(StoreError) -> StoreValue in
                    switch (row[index] as DatabaseValue).storage {
                    case .null: .null
                    case .int64(let value): .integer(value)
                    case .double(let value): .real(value)
                    case .string(let value): .text(value)
                    case .blob:
                        // No column of the store holds bytes: one that does was not written by GammaLog.
                        throw StoreError(
                            .corrupt, at: "\(self.path) \(table) row \(id)", "\(columns[index - 1]) holds bytes")
                    }
                }
                return (id, values)
            }
        }
    }

    /// How many rows `table` holds.
    public func count(of table: String) async throws(StoreError) -> Int {
        try await read("count of \(table)") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// The distinct non-null values of `column` in `table`, sorted.
    public func distinct(_ column: String, of table: String) async throws(StoreError) -> [String] {
        try await read("\(column) of \(table)") { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY \(column)")
        }
    }

    /// The largest value of the integer `column` in `table`, 0 when it has none.
    public func maximum(_ column: String, of table: String) async throws(StoreError) -> Int64 {
        try await read("largest \(column) of \(table)") { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(\(column)), 0) FROM \(table)") ?? 0
        }
    }
}
