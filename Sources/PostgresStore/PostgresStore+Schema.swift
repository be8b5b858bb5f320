import PostgresNIO
import Store

extension PostgresStore {
    /// The migrations this version knows, oldest first; a database that has others was written by a newer
    /// GammaLog and is refused. Never edit a shipped one: add the next.
    public static let migrations: [(version: String, statements: [String])] = [
        (
            "v1: journal, readers, sessions, charges, reviews, coverage and the ADT feed",
            [
                """
                CREATE FUNCTION gammalog_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$
                """,
                """
                CREATE TABLE journal (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    console text NOT NULL,
                    kind text NOT NULL,
                    boot_id bigint,
                    seq bigint,
                    session_number bigint NOT NULL,
                    received_at double precision NOT NULL,
                    body text NOT NULL,
                    prev_hash text NOT NULL,
                    hash text NOT NULL)
                """,
                "CREATE UNIQUE INDEX journal_event_once ON journal (console, boot_id, seq) WHERE kind = 'event'",
                "CREATE INDEX journal_session ON journal (console, session_number, id)",
                "CREATE INDEX journal_console ON journal (console, id)",
                """
                CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('the journal is append-only')
                """,
                """
                CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
                    FOR EACH STATEMENT EXECUTE FUNCTION gammalog_refuse('the journal is append-only')
                """,
                """
                CREATE TABLE readers (
                    console text PRIMARY KEY,
                    state text NOT NULL,
                    updated_at double precision NOT NULL)
                """,
                """
                CREATE TABLE sessions (
                    id text PRIMARY KEY,
                    console text NOT NULL,
                    serial text NOT NULL,
                    number bigint NOT NULL,
                    kind text,
                    outcome text NOT NULL,
                    opened_at double precision,
                    closed_at double precision,
                    final boolean NOT NULL,
                    flagged boolean NOT NULL,
                    record_complete boolean NOT NULL,
                    patient_id text,
                    body text NOT NULL,
                    updated_at double precision NOT NULL,
                    signed boolean NOT NULL DEFAULT false,
                    UNIQUE (serial, number))
                """,
                "CREATE INDEX sessions_opened ON sessions (opened_at DESC, number DESC)",
                "CREATE INDEX sessions_console_opened ON sessions (console, opened_at DESC, number DESC)",
                "CREATE INDEX sessions_patient ON sessions (patient_id, opened_at)",
                """
                CREATE FUNCTION gammalog_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'a signed delivery record cannot be removed'; END IF;
                        IF NEW.body IS DISTINCT FROM OLD.body OR NOT NEW.signed THEN
                            RAISE EXCEPTION 'a signed delivery record cannot be changed';
                        END IF;
                        RETURN NEW;
                    END $$
                """,
                """
                CREATE TRIGGER sessions_signed_immutable BEFORE UPDATE OR DELETE ON sessions
                    FOR EACH ROW WHEN (OLD.signed) EXECUTE FUNCTION gammalog_signed_immutable()
                """,
                "CREATE SEQUENCE charge_queue_seq",
                """
                CREATE TABLE charges (
                    id text PRIMARY KEY,
                    kind text NOT NULL,
                    serial text NOT NULL,
                    number bigint NOT NULL,
                    credit_of text,
                    status text NOT NULL,
                    lease text,
                    lease_expires double precision,
                    queue_seq bigint,
                    patient_id text,
                    code text,
                    service_date text,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    body text NOT NULL,
                    hl7_control_id text,
                    hl7_message text)
                """,
                "CREATE UNIQUE INDEX charges_one_per_session ON charges (serial, number) WHERE kind = 'charge'",
                "CREATE UNIQUE INDEX charges_one_credit ON charges (credit_of) WHERE kind = 'credit'",
                "CREATE INDEX charges_queue ON charges (status, queue_seq)",
                "CREATE INDEX charges_updated ON charges (updated_at, id)",
                "CREATE INDEX charges_patient_day ON charges (patient_id, service_date)",
                """
                CREATE TABLE charge_history (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    charge_id text NOT NULL,
                    at double precision NOT NULL,
                    actor text NOT NULL,
                    action text NOT NULL,
                    from_status text,
                    to_status text NOT NULL,
                    reason text)
                """,
                "CREATE INDEX charge_history_charge ON charge_history (charge_id, id)",
                """
                CREATE TRIGGER charge_history_append_only BEFORE UPDATE OR DELETE ON charge_history
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('charge history is append-only')
                """,
                """
                CREATE TABLE reviews (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    session_id text NOT NULL,
                    kind text NOT NULL,
                    by text NOT NULL,
                    at double precision NOT NULL,
                    note text NOT NULL,
                    record_hash text NOT NULL)
                """,
                "CREATE INDEX reviews_session ON reviews (session_id, id)",
                """
                CREATE TABLE coverage (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    patient text NOT NULL,
                    source text NOT NULL,
                    body text NOT NULL,
                    added_at double precision NOT NULL,
                    added_by text NOT NULL,
                    removed_at double precision,
                    removed_by text)
                """,
                "CREATE INDEX coverage_patient ON coverage (patient, removed_at)",
                """
                CREATE FUNCTION gammalog_coverage_only_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'DELETE' THEN
                            RAISE EXCEPTION 'coverage history is kept: mark an entry removed';
                        END IF;
                        IF OLD.removed_at IS NOT NULL OR NEW.body IS DISTINCT FROM OLD.body
                            OR NEW.patient IS DISTINCT FROM OLD.patient THEN
                            RAISE EXCEPTION 'a coverage entry can only be marked removed, once';
                        END IF;
                        RETURN NEW;
                    END $$
                """,
                """
                CREATE TRIGGER coverage_only_removed BEFORE UPDATE OR DELETE ON coverage
                    FOR EACH ROW EXECUTE FUNCTION gammalog_coverage_only_removed()
                """,
                """
                CREATE TABLE authorizations (
                    id text PRIMARY KEY,
                    patient text NOT NULL,
                    body text NOT NULL,
                    added_at double precision NOT NULL,
                    added_by text NOT NULL,
                    revoked_at double precision,
                    revoked_by text)
                """,
                "CREATE INDEX authorizations_patient ON authorizations (patient)",
                """
                CREATE TRIGGER authorizations_no_delete BEFORE DELETE ON authorizations
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('an authorization is revoked, never deleted')
                """,
                """
                CREATE TABLE patient_merges (
                    old text PRIMARY KEY,
                    patient text NOT NULL,
                    at double precision NOT NULL,
                    control_id text NOT NULL)
                """,
                """
                CREATE TABLE adt_messages (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    control_id text NOT NULL,
                    received_at double precision NOT NULL,
                    peer text NOT NULL,
                    outcome text NOT NULL,
                    reason text,
                    raw text NOT NULL)
                """,
                "CREATE UNIQUE INDEX adt_applied_once ON adt_messages (control_id) WHERE outcome = 'AA'",
                """
                CREATE TRIGGER adt_messages_kept BEFORE UPDATE OR DELETE ON adt_messages
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('ADT messages are kept as received')
                """,
                """
                CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON reviews
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('a signature cannot be changed; sign an addendum')
                """,
            ]
        ),
        (
            "v2: journals moved from a site's SQLite store, the moves, and the queue's claim order",
            [
                // Claims and the HL7 sender take the first claimable charges in queue order: from this index, a
                // few rows read, not the whole queue sorted on every claim.
                """
                CREATE INDEX charges_claim_order ON charges (queue_seq) WHERE status IN ('ready', 'claimed')
                """,
                // A moved link keeps its hash: it stays on the chain its site's store kept (`chain`), over the
                // console name that store knew (`hashed_console`). A console's own links have neither.
                "ALTER TABLE journal ADD COLUMN chain text",
                "ALTER TABLE journal ADD COLUMN hashed_console text",
                """
                CREATE TABLE store_imports (
                    source text PRIMARY KEY,
                    site text NOT NULL,
                    path text NOT NULL,
                    consoles text[] NOT NULL,
                    queue_base bigint NOT NULL,
                    started_at double precision NOT NULL,
                    finished_at double precision)
                """,
                """
                CREATE TABLE store_import_progress (
                    source text NOT NULL REFERENCES store_imports (source),
                    table_name text NOT NULL,
                    last_rowid bigint NOT NULL,
                    copied bigint NOT NULL,
                    skipped bigint NOT NULL,
                    PRIMARY KEY (source, table_name))
                """,
            ]
        ),
        (
            "v3: the caller in history, the access log",
            [
                // A charge lists by its last change to the millisecond it shows (ChargePosition).
                "UPDATE charges SET updated_at = round((updated_at * 1000)::numeric) / 1000.0",
                "ALTER TABLE charge_history ADD COLUMN consumer text",
                "ALTER TABLE charge_history ADD COLUMN code_before text",
                "ALTER TABLE charge_history ADD COLUMN code_after text",
                """
                CREATE TABLE access_log (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at double precision NOT NULL,
                    actor text NOT NULL,
                    peer text,
                    route text NOT NULL,
                    resource text,
                    patients text,
                    outcome text NOT NULL)
                """,
                "CREATE INDEX access_log_at ON access_log (at, id)",
                """
                CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('the access log is append-only')
                """,
                // A received ADT message's text (patient data) may be cleared once its retention has passed;
                // nothing else about it ever changes, and it is never deleted.
                "DROP TRIGGER adt_messages_kept ON adt_messages",
                """
                CREATE FUNCTION gammalog_adt_only_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'DELETE' OR NEW.raw <> '' OR NEW.id IS DISTINCT FROM OLD.id
                            OR NEW.control_id IS DISTINCT FROM OLD.control_id
                            OR NEW.received_at IS DISTINCT FROM OLD.received_at OR NEW.peer IS DISTINCT FROM OLD.peer
                            OR NEW.outcome IS DISTINCT FROM OLD.outcome OR NEW.reason IS DISTINCT FROM OLD.reason THEN
                            RAISE EXCEPTION 'ADT messages are kept as received';
                        END IF;
                        RETURN NEW;
                    END $$
                """,
                """
                CREATE TRIGGER adt_messages_only_forgotten BEFORE UPDATE OR DELETE ON adt_messages
                    FOR EACH ROW EXECUTE FUNCTION gammalog_adt_only_forgotten()
                """,
            ]
        ),
        (
            "v4: keyed links, sealed heads, sessions, charges and history",
            [
                "ALTER TABLE journal ADD COLUMN key_id text NOT NULL DEFAULT ''",
                "ALTER TABLE readers ADD COLUMN head_id bigint",
                "ALTER TABLE readers ADD COLUMN head_hash text",
                "ALTER TABLE readers ADD COLUMN head_seal text",
                "ALTER TABLE sessions ADD COLUMN seal text NOT NULL DEFAULT ''",
                "ALTER TABLE charges ADD COLUMN seal text NOT NULL DEFAULT ''",
                "ALTER TABLE charges ADD COLUMN history_seal text NOT NULL DEFAULT ''",
                "ALTER TABLE charge_history ADD COLUMN mac text NOT NULL DEFAULT ''",
            ]
        ),
        (
            "v5: diagnoses and ABNs, kept with their history",
            [
                """
                CREATE TABLE diagnoses (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    patient text NOT NULL,
                    source text NOT NULL,
                    body text NOT NULL,
                    added_at double precision NOT NULL,
                    added_by text NOT NULL,
                    removed_at double precision,
                    removed_by text)
                """,
                "CREATE INDEX diagnoses_patient ON diagnoses (patient, removed_at)",
                """
                CREATE FUNCTION gammalog_diagnoses_only_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'DELETE' THEN
                            RAISE EXCEPTION 'diagnosis history is kept: mark an entry removed';
                        END IF;
                        IF OLD.removed_at IS NOT NULL OR NEW.body IS DISTINCT FROM OLD.body
                            OR NEW.patient IS DISTINCT FROM OLD.patient THEN
                            RAISE EXCEPTION 'a diagnosis entry can only be marked removed, once';
                        END IF;
                        RETURN NEW;
                    END $$
                """,
                """
                CREATE TRIGGER diagnoses_only_removed BEFORE UPDATE OR DELETE ON diagnoses
                    FOR EACH ROW EXECUTE FUNCTION gammalog_diagnoses_only_removed()
                """,
                """
                CREATE TABLE abns (
                    id text PRIMARY KEY,
                    patient text NOT NULL,
                    body text NOT NULL,
                    added_at double precision NOT NULL,
                    added_by text NOT NULL,
                    revoked_at double precision,
                    revoked_by text)
                """,
                "CREATE INDEX abns_patient ON abns (patient)",
                """
                CREATE TRIGGER abns_no_delete BEFORE DELETE ON abns
                    FOR EACH ROW EXECUTE FUNCTION gammalog_refuse('an ABN is revoked, never deleted')
                """,
            ]
        ),
        (
            "v6: the ready queue and lapsed leases indexed apart",
            [
                // A claim reads the oldest ready charges from the first, without walking past the charges other
                // leases hold at the head of the queue, and lapsed leases from the second.
                "CREATE INDEX charges_ready_order ON charges (queue_seq) WHERE status = 'ready'",
                "CREATE INDEX charges_lease_lapse ON charges (lease_expires) WHERE status = 'claimed'",
            ]
        ),
    ]

    /// The versions this build knows, oldest first (`gammalogd --version`).
    public static var schemaVersions: [String] { migrations.map(\.version) }

    /// The advisory lock every daemon takes to migrate, so that two starting at once migrate once.
    static let migrationLock: Int64 = 0x6761_6d6d_616c_6f67  // "gammalog"

    /// Brings the database to this version's schema under the migration lock, in one transaction, or
    /// refuses a schema that a newer GammaLog wrote, naming the versions this one knows. When the schema
    /// belongs to another role than this login (multi-site.md 1.1, least privilege), nothing is migrated: a
    /// schema this version can use is used, an older one is refused naming `gammalog migrate`
    /// (``StoreError/Code/migrationNeeded``).
    public func migrate() async throws(StoreError) {
        let connection = try await connect()
        do {
            if let owner = try await schemaOwner(connection), owner != configuration.user {
                try await requireCurrentSchema(connection, ownedBy: owner)
            } else {
                try await migrate(on: connection)
            }
            await warnIfPlainText(connection)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// `gammalog migrate`, run with the schema owner's credentials: migrates as ``migrate()`` does, then gives
    /// the daemons' `login` role only what a daemon needs (``grants(to:)``). Run again, it takes back anything
    /// more that was given since.
    public func migrate(grantingTo login: String) async throws(StoreError) {
        let connection = try await connect()
        do {
            try await migrate(on: connection)
            if login != configuration.user {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in Self.grants(to: login) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                }
            }
            try? await connection.close()
        } catch let error as StoreError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw Self.storeError(error, .unavailable, at: "\(location) grant to \(login)")
        }
    }

    /// What the daemons' login role may do, and nothing more: read; insert into the append-only tables; insert
    /// and update the tables that change; take queue places. No DDL, TRUNCATE, DELETE or trigger rights:
    /// those stay with the owner, so a daemon's credentials cannot cut the journal or turn a guard off.
    static func grants(to login: String) -> [String] {
        let role = "\"" + login.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return [
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(role)",
            "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \(role)",
            "REVOKE CREATE ON SCHEMA public FROM \(role)",
            "GRANT USAGE ON SCHEMA public TO \(role)",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)",
            "GRANT INSERT ON journal, charge_history, reviews, access_log, patient_merges TO \(role)",
            """
            GRANT INSERT, UPDATE ON readers, sessions, charges, coverage, authorizations, diagnoses, abns,
                adt_messages, store_imports, store_import_progress TO \(role)
            """,
            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role)",
            // A moved site's queue places are set aside with setval (migrate-store).
            "GRANT UPDATE ON SEQUENCE charge_queue_seq TO \(role)",
        ]
    }

    /// The role that owns the schema (its `schema_migrations` table), or nil before there is one. Before there
    /// is one, a login that may not create it is told who must.
    func schemaOwner(_ connection: ServerConnection) async throws(StoreError) -> String? {
        let found: (String?, Bool)?
        do {
            found = try await connection.query(
                """
                SELECT (SELECT tableowner FROM pg_tables
                        WHERE schemaname = current_schema() AND tablename = 'schema_migrations'),
                    has_schema_privilege(current_schema(), 'CREATE')
                """, logger: logger
            ).collect().first?.decode((String?, Bool).self)
        } catch {
            throw Self.storeError(error, .unavailable, at: "\(location) schema owner")
        }
        guard let (owner, mayCreate) = found else { return nil }
        if owner == nil && !mayCreate {
            throw StoreError(
                .migrationNeeded, at: location,
                "there is no schema yet and this daemon's role (\(configuration.user)) may not create one: run "
                    + "`gammalog migrate --config FILE --owner ROLE --owner-password-file FILE` with the owner's "
                    + "credentials, then start the daemon again")
        }
        return owner
    }

    /// A daemon that does not own the schema uses it when it is this version's, and otherwise says who must
    /// migrate it and how.
    func requireCurrentSchema(_ connection: ServerConnection, ownedBy owner: String) async throws(StoreError) {
        var applied: [String] = []
        do {
            for try await version in try await connection.query(
                "SELECT version FROM schema_migrations ORDER BY version", logger: logger
            ).decode(String.self) {
                applied.append(version)
            }
        } catch {
            throw Self.storeError(error, .unavailable, at: "\(location) schema versions")
        }
        let known = Self.schemaVersions
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw StoreError(
                .unavailable, at: location,
                "the schema has \(unknown.joined(separator: ", ")), written by a newer GammaLog; "
                    + "this version knows \(known.joined(separator: ", ")): run the newer version")
        }
        let missing = known.filter { !applied.contains($0) }
        guard missing.isEmpty else {
            throw StoreError(
                .migrationNeeded, at: location,
                "the schema belongs to \(owner) and lacks \(missing.joined(separator: ", ")); this daemon's role "
                    + "(\(configuration.user)) does not migrate it: run `gammalog migrate --config FILE --owner "
                    + "\(owner) --owner-password-file FILE` with the owner's credentials, then start the daemon again")
        }
    }

    func migrate(on connection: ServerConnection) async throws(StoreError) {
        do {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: self.logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: self.logger)
                var applied: [String] = []
                for try await version in try await connection.query(
                    "SELECT version FROM schema_migrations ORDER BY version", logger: self.logger
                ).decode(String.self) {
                    applied.append(version)
                }
                let known = Self.schemaVersions
                let unknown = applied.filter { !known.contains($0) }
                guard unknown.isEmpty else {
                    throw StoreError(
                        .unavailable, at: self.location,
                        "the schema has \(unknown.joined(separator: ", ")), written by a newer GammaLog; "
                            + "this version knows \(known.joined(separator: ", ")): run the newer version")
                }
                for migration in Self.migrations where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: self.logger)
                }
            }
        } catch {
            throw Self.storeError(error, .unavailable, at: "\(location) migrate")
        }
    }

    /// Under `tls: prefer` a server without TLS is used in plain text, as libpq does: that is said, once, as a
    /// warning, so the hospital's review sees it (the shipped example uses verify-full).
    func warnIfPlainText(_ connection: ServerConnection) async {
        guard configuration.tls == .prefer else { return }
        let encrypted = try? await connection.query(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger
        ).collect().first?.decode(Bool.self)
        if encrypted != true {
            logger.warning(
                "store.postgres tls is prefer and the server took a plain-text connection: patient data crosses the network unencrypted; use require or verify-full",
                metadata: ["store": "\(location)"])
        }
    }
}
