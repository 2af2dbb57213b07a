-- A database as the hand-rolled migrator (schema_migrations, versions 1-5) left it, with one school.
-- Produced by the gateway of commit b6b03a4; used to prove the FluentMigrator store upgrades it in place.
BEGIN TRANSACTION;
CREATE TABLE attendance (
    student_id BIGINT NOT NULL REFERENCES students(id),
    school_day TEXT NOT NULL,
    arrived_at BIGINT NULL,
    left_at BIGINT NULL,
    PRIMARY KEY (student_id, school_day)
);
CREATE TABLE cards (
    card_id TEXT PRIMARY KEY,
    student_id BIGINT NOT NULL REFERENCES students(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    revoked_at BIGINT NULL
);
CREATE TABLE device_cursors (
    device_id TEXT PRIMARY KEY,
    max_seq BIGINT NOT NULL
, acked_seq BIGINT NOT NULL DEFAULT 0);
CREATE TABLE device_event_conflicts (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    type TEXT NOT NULL,
    card_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    offline INTEGER NOT NULL,
    device_ts BIGINT NOT NULL,
    received_at BIGINT NOT NULL
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
CREATE TABLE device_gaps (
    device_id TEXT NOT NULL,
    from_seq BIGINT NOT NULL,
    to_seq BIGINT NOT NULL,
    detected_at BIGINT NOT NULL, arrived BIGINT NOT NULL DEFAULT 0, filled_at BIGINT NULL, abandoned_at BIGINT NULL,
    PRIMARY KEY (device_id, from_seq)
);
CREATE TABLE device_state (
    device_id TEXT PRIMARY KEY,
    state_json TEXT NULL,
    status TEXT NULL,
    state_at BIGINT NULL,
    last_seen_at BIGINT NULL
);
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
CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT NULL,
    telegram_chat_id BIGINT NULL
, language TEXT NULL);
CREATE TABLE notification_outbox (
    id INTEGER PRIMARY KEY,
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
CREATE TABLE retained_messages (
    topic TEXT PRIMARY KEY,
    payload BLOB NOT NULL,
    qos INTEGER NOT NULL
);
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at BIGINT NOT NULL
);
INSERT INTO "schema_migrations" VALUES(1,'initial schema',1795929915613);
INSERT INTO "schema_migrations" VALUES(2,'guardian language',1795929915666);
INSERT INTO "schema_migrations" VALUES(3,'event conflicts',1795929915668);
INSERT INTO "schema_migrations" VALUES(4,'gap filling',1795929915670);
INSERT INTO "schema_migrations" VALUES(5,'contiguous ack cursor',1795929915672);
CREATE TABLE schools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO "schools" VALUES(1,'Legacy School');
CREATE TABLE student_guardians (
    student_id BIGINT NOT NULL REFERENCES students(id),
    guardian_id BIGINT NOT NULL REFERENCES guardians(id),
    PRIMARY KEY (student_id, guardian_id)
);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    school_id BIGINT NOT NULL REFERENCES schools(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_students_school ON students(school_id);
CREATE INDEX ix_cards_student ON cards(student_id);
CREATE INDEX ix_device_events_received ON device_events(received_at);
CREATE INDEX ix_outbox_status ON notification_outbox(status, id);
CREATE INDEX ix_outbox_guardian ON notification_outbox(guardian_id, id);
CREATE INDEX ix_device_event_conflicts_seq ON device_event_conflicts(device_id, seq);
CREATE INDEX ix_device_gaps_open ON device_gaps(device_id, filled_at);
COMMIT;
