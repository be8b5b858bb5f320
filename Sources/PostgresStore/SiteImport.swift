import PostgresNIO
import Store

/// What `gammalog migrate-store` moves from one site's SQLite store onto the shared store (multi-site.md,
/// "Moving a site onto the shared store"): the tables in the order they are copied, and each column's way
/// from one to the other. Every row keeps what it says; only console names gain the site, and queued charges
/// a place in the network's ready order.
public enum SiteImport {
    /// How one column crosses.
    enum Kind {
        case text, bigint, double, boolean
        /// A console name, which the network knows as `site/name`.
        case console
        /// A place in the site's ready order, moved into the range the network set aside for it.
        case queuePlace
        /// The name of the chain the site's store kept (the SQLite side reads `NULL`).
        case chain
    }

    /// A column: the SQLite expression read, the PostgreSQL column written.
    struct Column {
        var source: String
        var target: String
        var kind: Kind

        init(_ source: String, _ kind: Kind = .text, as target: String? = nil) {
            self.source = source
            self.target = target ?? source
            self.kind = kind
        }
    }

    /// A table: its columns, and what a row the network already holds means.
    struct Table {
        var name: String
        var columns: [Column]
        /// Rows the network already has from elsewhere (an authorization, a merge, an ADT message the hospital
        /// sent to every site) are left as they are; anything else conflicting is an error.
        var keepsExisting = false
        /// A condition on an incoming row (`v`) under which the network already has what it says.
        var alreadyHeld: String? = nil
    }

    /// What the daemon keeps, journal first (its order is the chain's).
    /// A row an ADT message gave (its `added_by` is `ADT <control id>`) that the network applied too: the
    /// hospital feeds every site, so the network has the same row already, and a second copy would be a second
    /// IN1 or DG1 on every charge.
    static let fromAnAppliedADTMessage = """
        v.added_by LIKE 'ADT %' AND EXISTS (SELECT 1 FROM adt_messages a
            WHERE a.control_id = substr(v.added_by, 5) AND a.outcome = 'AA')
        """

    /// The columns of coverage and diagnoses: entries of a patient from a source, marked removed, never deleted.
    static let entryColumns = [
        Column("patient"), Column("source"), Column("body"), Column("added_at", .double), Column("added_by"),
        Column("removed_at", .double), Column("removed_by"),
    ]

    static let tables: [Table] = [
        Table(
            name: "journal",
            columns: [
                Column("console", .console), Column("console", as: "hashed_console"),
                Column("NULL", .chain, as: "chain"),
                Column("kind"), Column("boot_id", .bigint), Column("seq", .bigint),
                Column("session_number", .bigint), Column("received_at", .double), Column("body"),
                Column("prev_hash"), Column("hash"), Column("key_id"),
            ]),
        Table(
            name: "sessions",
            columns: [
                Column("id"), Column("console", .console), Column("serial"), Column("number", .bigint),
                Column("kind"), Column("outcome"), Column("opened_at", .double), Column("closed_at", .double),
                Column("final", .boolean), Column("flagged", .boolean), Column("record_complete", .boolean),
                Column("patient_id"), Column("body"), Column("updated_at", .double), Column("signed", .boolean),
                Column("seal"),
            ]),
        Table(
            name: "charges",
            columns: [
                Column("id"), Column("kind"), Column("serial"), Column("number", .bigint), Column("credit_of"),
                Column("status"), Column("lease"), Column("lease_expires", .double),
                Column("queue_seq", .queuePlace), Column("patient_id"), Column("code"), Column("service_date"),
                Column("created_at", .double), Column("updated_at", .double), Column("body"),
                Column("hl7_control_id"), Column("hl7_message"), Column("seal"), Column("history_seal"),
            ]),
        Table(
            name: "charge_history",
            columns: [
                Column("charge_id"), Column("at", .double), Column("actor"), Column("action"),
                Column("from_status"), Column("to_status"), Column("reason"), Column("consumer"),
                Column("code_before"), Column("code_after"), Column("mac"),
            ]),
        Table(
            name: "reviews",
            columns: [
                Column("session_id"), Column("kind"), Column("by"), Column("at", .double), Column("note"),
                Column("record_hash"),
            ]),
        Table(
            name: "coverage",
            columns: entryColumns,
            alreadyHeld: fromAnAppliedADTMessage),
        Table(
            name: "authorizations",
            columns: [
                Column("id"), Column("patient"), Column("body"), Column("added_at", .double), Column("added_by"),
                Column("revoked_at", .double), Column("revoked_by"),
            ], keepsExisting: true),
        // diagnoses.md: diagnoses as coverage; ABNs kept by id.
        Table(
            name: "diagnoses",
            columns: entryColumns,
            alreadyHeld: fromAnAppliedADTMessage),
        Table(
            name: "abns",
            columns: [
                Column("id"), Column("patient"), Column("body"), Column("added_at", .double), Column("added_by"),
                Column("revoked_at", .double), Column("revoked_by"),
            ], keepsExisting: true),
        Table(
            name: "patient_merges",
            columns: [Column("old"), Column("patient"), Column("at", .double), Column("control_id")],
            keepsExisting: true),
        Table(
            name: "adt_messages",
            columns: [
                Column("control_id"), Column("received_at", .double), Column("peer"), Column("outcome"),
                Column("reason"), Column("raw"),
            ], keepsExisting: true),
        // Who read the site's patient data goes with it: the audit trail is kept whole.
        Table(
            name: "access_log",
            columns: [
                Column("at", .double), Column("actor"), Column("peer"), Column("route"), Column("resource"),
                Column("patients"), Column("outcome"),
            ]),
        // Last: a daemon that finds its reader finds everything the reader read.
        Table(name: "readers", columns: [Column("console", .console), Column("state"), Column("updated_at", .double)]),
    ]

    /// Where one move stands, and what it did.
    public struct Report: Sendable {
        /// The chain the site's store kept, as the shared store names it.
        public var source: String
        /// The consoles moved, as the network names them.
        public var consoles: [String]
        /// Rows copied and rows the network already had, by table, in the order copied.
        public var tables: [(table: String, copied: Int, kept: Int)]
        /// Whether this run finished a move an earlier run began.
        public var resumed: Bool
        /// Whether an earlier run had already finished it (nothing was copied).
        public var alreadyDone: Bool
        /// The walk of every chain on the shared store after copying.
        public var verification: ChainVerification
    }
}

extension SiteImport.Column {
    /// The PostgreSQL type a value of this column is given in a row of values.
    var type: String {
        switch kind {
        case .text, .console, .chain: "text"
        case .bigint, .queuePlace: "bigint"
        case .double: "float8"
        case .boolean: "boolean"
        }
    }

    /// Appends `value` to `binds` as this column's type, or says which row and column does not fit.
    func bind(
        _ value: StoreValue, into binds: inout PostgresBindings, site: String, chain: String, queueBase: Int64,
        at location: String
    ) throws(StoreError) {
        func mismatch() -> StoreError {
            StoreError(.corrupt, at: location, "\(source) holds \(value), not \(kind)")
        }
        switch (kind, value) {
        case (.chain, _): binds.append(chain)
        case (.text, .null), (.console, .null): binds.append(String?.none)
        case (.text, .text(let text)): binds.append(text)
        case (.console, .text(let name)): binds.append("\(site)/\(name)")
        case (.bigint, .null), (.queuePlace, .null): binds.append(Int64?.none)
        case (.bigint, .integer(let number)): binds.append(number)
        case (.queuePlace, .integer(let place)): binds.append(queueBase + place)
        case (.double, .null): binds.append(Double?.none)
        case (.double, .real(let number)): binds.append(number)
        case (.double, .integer(let number)): binds.append(Double(number))
        case (.boolean, .integer(let flag)) where flag == 0 || flag == 1: binds.append(flag == 1)
        default: throw mismatch()
        }
    }
}
