import GRDB
import Store

extension SQLiteStore {
    /// The migrations this version knows, oldest first; a store with others is refused.
    public static var schemaVersions: [String] { migrator.migrations }

    /// Versioned migrations. Never edit a shipped one: add the next.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: journal, readers, sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        console TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        boot_id INTEGER,
                        seq INTEGER,
                        session_number INTEGER NOT NULL,
                        received_at REAL NOT NULL,
                        body TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL);
                    CREATE UNIQUE INDEX journal_event_once ON journal(console, boot_id, seq) WHERE kind = 'event';
                    CREATE INDEX journal_session ON journal(console, session_number);
                    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
                        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
                        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                    CREATE TABLE readers (
                        console TEXT PRIMARY KEY,
                        state TEXT NOT NULL,
                        updated_at REAL NOT NULL);
                    CREATE TABLE sessions (
                        id TEXT PRIMARY KEY,
                        console TEXT NOT NULL,
                        serial TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        kind TEXT,
                        outcome TEXT NOT NULL,
                        opened_at REAL,
                        closed_at REAL,
                        final INTEGER NOT NULL,
                        flagged INTEGER NOT NULL,
                        record_complete INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        updated_at REAL NOT NULL,
                        UNIQUE (serial, number));
                    CREATE INDEX sessions_opened ON sessions(opened_at DESC, number DESC);
                    CREATE INDEX sessions_console_opened ON sessions(console, opened_at DESC, number DESC);
                    CREATE INDEX sessions_flagged_opened ON sessions(flagged, opened_at DESC, number DESC);
                    """)
        }
        migrator.registerMigration("v2: session summary columns for fast lists") { db in
            try db.execute(
                sql: """
                    ALTER TABLE sessions ADD COLUMN shots_delivered INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE sessions ADD COLUMN shots_planned INTEGER;
                    ALTER TABLE sessions ADD COLUMN delivered_ms INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE sessions ADD COLUMN planned_ms INTEGER;
                    ALTER TABLE sessions ADD COLUMN warnings TEXT NOT NULL DEFAULT '';
                    UPDATE sessions SET
                        shots_delivered = (SELECT count(*) FROM json_each(body, '$.shots')
                                           WHERE json_extract(value, '$.completedAt') IS NOT NULL),
                        shots_planned = json_extract(body, '$.shotsPlanned'),
                        delivered_ms = json_extract(body, '$.deliveredMs'),
                        planned_ms = json_extract(body, '$.plannedMs'),
                        warnings = coalesce((SELECT group_concat(json_extract(value, '$.code'))
                                             FROM json_each(body, '$.flags')
                                             WHERE json_extract(value, '$.severity') != 'info'), '');
                    """)
        }
        migrator.registerMigration("v3: charges, their history, leases and HL7 state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE charges (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        serial TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        credit_of TEXT,
                        status TEXT NOT NULL,
                        lease TEXT,
                        lease_expires REAL,
                        queue_seq INTEGER,
                        patient_id TEXT,
                        code TEXT,
                        service_date TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        body TEXT NOT NULL,
                        hl7_control_id TEXT,
                        hl7_message TEXT);
                    CREATE UNIQUE INDEX charges_one_per_session ON charges(serial, number) WHERE kind = 'charge';
                    CREATE UNIQUE INDEX charges_one_credit ON charges(credit_of) WHERE kind = 'credit';
                    CREATE INDEX charges_queue ON charges(status, queue_seq);
                    CREATE INDEX charges_seq ON charges(queue_seq);
                    CREATE INDEX charges_updated ON charges(updated_at, id);
                    CREATE INDEX charges_patient_day ON charges(patient_id, service_date);
                    CREATE TABLE charge_history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        charge_id TEXT NOT NULL,
                        at REAL NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        from_status TEXT,
                        to_status TEXT NOT NULL,
                        reason TEXT);
                    CREATE INDEX charge_history_charge ON charge_history(charge_id, id);
                    CREATE TRIGGER charge_history_no_update BEFORE UPDATE ON charge_history
                        BEGIN SELECT RAISE(ABORT, 'charge history is append-only'); END;
                    CREATE TRIGGER charge_history_no_delete BEFORE DELETE ON charge_history
                        BEGIN SELECT RAISE(ABORT, 'charge history is append-only'); END;
                    CREATE INDEX sessions_updated ON sessions(updated_at);
                    -- Sessions recorded before charges existed get theirs when the daemon next opens the store.
                    CREATE TABLE charge_backfill (pending INTEGER NOT NULL);
                    INSERT INTO charge_backfill VALUES (1);
                    """)
        }
        migrator.registerMigration("v4: physicist sign-off") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reviews (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        by TEXT NOT NULL,
                        at REAL NOT NULL,
                        note TEXT NOT NULL,
                        record_hash TEXT NOT NULL);
                    CREATE INDEX reviews_session ON reviews(session_id, id);
                    CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
                        BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed; sign an addendum'); END;
                    CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
                        BEGIN SELECT RAISE(ABORT, 'a signature cannot be removed; sign an addendum'); END;
                    ALTER TABLE sessions ADD COLUMN signed INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX sessions_signed_opened ON sessions(signed, opened_at DESC, number DESC);
                    CREATE INDEX sessions_kind_opened ON sessions(kind, opened_at DESC, number DESC);
                    CREATE TRIGGER sessions_signed_immutable BEFORE UPDATE ON sessions
                        WHEN OLD.signed = 1 AND (NEW.body IS NOT OLD.body OR NEW.signed = 0)
                        BEGIN SELECT RAISE(ABORT, 'a signed delivery record cannot be changed'); END;
                    CREATE TRIGGER sessions_signed_no_delete BEFORE DELETE ON sessions WHEN OLD.signed = 1
                        BEGIN SELECT RAISE(ABORT, 'a signed delivery record cannot be removed'); END;
                    """)
        }
        migrator.registerMigration("v5: coverage, authorizations and the ADT feed") { db in
            try migrateCoverage(db)
        }
        migrator.registerMigration("v6: session metrics for trends and the patient id for courses") { db in
            try migrateMetrics(db)
        }
        migrator.registerMigration("v7: the caller in history, the access log, the health probe's row") { db in
            try db.execute(
                sql: """
                    ALTER TABLE charge_history ADD COLUMN consumer TEXT;
                    ALTER TABLE charge_history ADD COLUMN code_before TEXT;
                    ALTER TABLE charge_history ADD COLUMN code_after TEXT;
                    CREATE TABLE access_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        actor TEXT NOT NULL,
                        peer TEXT,
                        route TEXT NOT NULL,
                        resource TEXT,
                        patients TEXT,
                        outcome TEXT NOT NULL);
                    CREATE INDEX access_log_at ON access_log(at, id);
                    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                    CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                    -- A charge lists by its last change to the millisecond it shows (ChargePosition).
                    UPDATE charges SET updated_at = round(updated_at * 1000) / 1000.0;
                    -- A received ADT message's text (patient data) may be cleared once its retention has passed;
                    -- nothing else about it ever changes.
                    DROP TRIGGER adt_messages_no_update;
                    CREATE TRIGGER adt_messages_only_forgotten BEFORE UPDATE ON adt_messages
                        WHEN NOT (NEW.raw = '' AND NEW.id IS OLD.id AND NEW.control_id IS OLD.control_id
                            AND NEW.received_at IS OLD.received_at AND NEW.peer IS OLD.peer
                            AND NEW.outcome IS OLD.outcome AND NEW.reason IS OLD.reason)
                        BEGIN SELECT RAISE(ABORT, 'ADT messages are kept as received'); END;
                    CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at REAL NOT NULL);
                    INSERT INTO health_probe VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("v8: keyed links, sealed heads, sessions, charges and history") { db in
            try db.execute(
                sql: """
                    ALTER TABLE journal ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
                    ALTER TABLE readers ADD COLUMN head_id INTEGER;
                    ALTER TABLE readers ADD COLUMN head_hash TEXT;
                    ALTER TABLE readers ADD COLUMN head_seal TEXT;
                    ALTER TABLE sessions ADD COLUMN seal TEXT NOT NULL DEFAULT '';
                    ALTER TABLE charges ADD COLUMN seal TEXT NOT NULL DEFAULT '';
                    ALTER TABLE charges ADD COLUMN history_seal TEXT NOT NULL DEFAULT '';
                    ALTER TABLE charge_history ADD COLUMN mac TEXT NOT NULL DEFAULT '';
                    """)
        }
        migrator.registerMigration("v9: the claim order, ready and claimed charges by queue place") { db in
            try db.execute(
                sql: """
                    CREATE INDEX charges_claim_order ON charges(queue_seq) WHERE status IN ('ready', 'claimed');
                    """)
        }
        migrator.registerMigration("v10: diagnoses and ABNs, kept with their history") { db in
            try Self.migrateDiagnoses(db)
        }
        return migrator
    }
}
