namespace SchoolGate.Gateway.Store;

/// <summary>
/// Schema versions, applied in order and recorded in schema_migrations. Append new versions;
/// never edit one that has shipped. Instants are BIGINT unix milliseconds (UTC) so the same
/// statements work on SQLite and PostgreSQL; a school day is a TEXT 'yyyy-MM-dd' local date.
/// </summary>
public static class Migrations
{
    public sealed record Migration(int Version, string Name, Func<ISqlDialect, string> Sql);

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema", d => $"""
            CREATE TABLE schools (
                id {d.IdentityPrimaryKey},
                name TEXT NOT NULL UNIQUE
            );
            CREATE TABLE students (
                id {d.IdentityPrimaryKey},
                school_id BIGINT NOT NULL REFERENCES schools(id),
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX ix_students_school ON students(school_id);
            CREATE TABLE guardians (
                id {d.IdentityPrimaryKey},
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                phone TEXT NULL,
                telegram_chat_id BIGINT NULL
            );
            CREATE TABLE student_guardians (
                student_id BIGINT NOT NULL REFERENCES students(id),
                guardian_id BIGINT NOT NULL REFERENCES guardians(id),
                PRIMARY KEY (student_id, guardian_id)
            );
            CREATE TABLE cards (
                card_id TEXT PRIMARY KEY,
                student_id BIGINT NOT NULL REFERENCES students(id),
                status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
                revoked_at BIGINT NULL
            );
            CREATE INDEX ix_cards_student ON cards(student_id);
            CREATE TABLE devices (
                device_id TEXT PRIMARY KEY,
                school_id BIGINT NOT NULL REFERENCES schools(id),
                kind TEXT NOT NULL,
                direction TEXT NULL,
                name TEXT NULL,
                secret_hash TEXT NOT NULL,
                salt TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE device_events (
                device_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                type TEXT NOT NULL,
                card_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                offline INTEGER NOT NULL,
                device_ts BIGINT NOT NULL,
                received_at BIGINT NOT NULL,
                PRIMARY KEY (device_id, seq)
            );
            CREATE INDEX ix_device_events_received ON device_events(received_at);
            CREATE TABLE device_cursors (
                device_id TEXT PRIMARY KEY,
                max_seq BIGINT NOT NULL
            );
            CREATE TABLE device_gaps (
                device_id TEXT NOT NULL,
                from_seq BIGINT NOT NULL,
                to_seq BIGINT NOT NULL,
                detected_at BIGINT NOT NULL,
                PRIMARY KEY (device_id, from_seq)
            );
            CREATE TABLE device_state (
                device_id TEXT PRIMARY KEY,
                state_json TEXT NULL,
                status TEXT NULL,
                state_at BIGINT NULL,
                last_seen_at BIGINT NULL
            );
            CREATE TABLE attendance (
                student_id BIGINT NOT NULL REFERENCES students(id),
                school_day TEXT NOT NULL,
                arrived_at BIGINT NULL,
                left_at BIGINT NULL,
                PRIMARY KEY (student_id, school_day)
            );
            CREATE TABLE notification_outbox (
                id {d.IdentityPrimaryKey},
                guardian_id BIGINT NOT NULL REFERENCES guardians(id),
                student_id BIGINT NOT NULL REFERENCES students(id),
                channel TEXT NOT NULL,
                text TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                sent_at BIGINT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                dedupe_key TEXT NOT NULL UNIQUE
            );
            CREATE INDEX ix_outbox_status ON notification_outbox(status, id);
            CREATE INDEX ix_outbox_guardian ON notification_outbox(guardian_id, id);
            CREATE TABLE retained_messages (
                topic TEXT PRIMARY KEY,
                payload BLOB NOT NULL,
                qos INTEGER NOT NULL
            );
            """),
        // NULL: registered before languages existed; such guardians get Notifications:DefaultLanguage.
        new(2, "guardian language", _ => "ALTER TABLE guardians ADD COLUMN language TEXT NULL;"),
        // Events whose (device_id, seq) was already stored with other content: a controller whose
        // seq counter restarted. Kept apart so device_events stays one row per (device, seq).
        new(3, "event conflicts", d => $"""
            CREATE TABLE device_event_conflicts (
                id {d.IdentityPrimaryKey},
                device_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                type TEXT NOT NULL,
                card_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                offline INTEGER NOT NULL,
                device_ts BIGINT NOT NULL,
                received_at BIGINT NOT NULL
            );
            CREATE INDEX ix_device_event_conflicts_seq ON device_event_conflicts(device_id, seq);
            """),
        // A gap counts its late arrivals; filled_at is set when the last missing event arrives.
        // Gaps of an older gateway are brought up to date from the events it already stored.
        new(4, "gap filling", _ => """
            ALTER TABLE device_gaps ADD COLUMN arrived BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE device_gaps ADD COLUMN filled_at BIGINT NULL;
            UPDATE device_gaps SET arrived = (
                SELECT COUNT(*) FROM device_events e
                WHERE e.device_id = device_gaps.device_id AND e.seq BETWEEN device_gaps.from_seq AND device_gaps.to_seq);
            UPDATE device_gaps SET filled_at = (
                SELECT MAX(e.received_at) FROM device_events e
                WHERE e.device_id = device_gaps.device_id AND e.seq BETWEEN device_gaps.from_seq AND device_gaps.to_seq)
            WHERE arrived > to_seq - from_seq;
            CREATE INDEX ix_device_gaps_open ON device_gaps(device_id, filled_at);
            """),
        // The EventAck is the highest seq up to which every event is stored (or given up after
        // Ingestion:GapTimeoutSeconds), no longer the highest stored one. An older gateway has
        // already acked its max_seq, so its devices dropped everything up to it: starting there
        // keeps its old gaps from holding back acks (they stay listed as they were).
        new(5, "contiguous ack cursor", _ => """
            ALTER TABLE device_cursors ADD COLUMN acked_seq BIGINT NOT NULL DEFAULT 0;
            UPDATE device_cursors SET acked_seq = max_seq;
            INSERT INTO device_cursors (device_id, max_seq, acked_seq)
            SELECT device_id, MAX(seq), MAX(seq) FROM device_events WHERE true GROUP BY device_id
            ON CONFLICT (device_id) DO NOTHING;
            ALTER TABLE device_gaps ADD COLUMN abandoned_at BIGINT NULL;
            """),
    ];
}
