--liquibase formatted sql

--changeset citas:service-rules
--comment: Per-service booking rules. The defaults are what Citas did before them: no buffers, no notice, a year ahead, a 15-minute grid, cancellable until the start.
ALTER TABLE services
    ADD COLUMN buffer_before_minutes integer NOT NULL DEFAULT 0
        CONSTRAINT services_buffer_before_range CHECK (buffer_before_minutes BETWEEN 0 AND 240),
    ADD COLUMN buffer_after_minutes integer NOT NULL DEFAULT 0
        CONSTRAINT services_buffer_after_range CHECK (buffer_after_minutes BETWEEN 0 AND 240),
    ADD COLUMN min_notice_minutes integer NOT NULL DEFAULT 0
        CONSTRAINT services_min_notice_range CHECK (min_notice_minutes BETWEEN 0 AND 43200),
    ADD COLUMN max_advance_days integer NOT NULL DEFAULT 365
        CONSTRAINT services_max_advance_range CHECK (max_advance_days BETWEEN 1 AND 730),
    ADD COLUMN slot_interval_minutes integer NOT NULL DEFAULT 15
        CONSTRAINT services_slot_interval_values CHECK (slot_interval_minutes IN (5, 10, 15, 20, 30, 60)),
    ADD COLUMN cancellation_cutoff_minutes integer NOT NULL DEFAULT 0
        CONSTRAINT services_cancellation_cutoff_range CHECK (cancellation_cutoff_minutes BETWEEN 0 AND 43200);
--rollback ALTER TABLE services DROP COLUMN cancellation_cutoff_minutes, DROP COLUMN slot_interval_minutes, DROP COLUMN max_advance_days, DROP COLUMN min_notice_minutes, DROP COLUMN buffer_after_minutes, DROP COLUMN buffer_before_minutes;

--changeset citas:appointment-blocked-range splitStatements:false
--comment: The time an appointment blocks its resource: from its start minus the buffer before to its end plus the buffer after. Declared IMMUTABLE so the exclusion constraint can index it; it is (adding whole minutes to a timestamptz does not depend on the time zone).
CREATE FUNCTION appointment_blocked_range(starts_at timestamptz, ends_at timestamptz, buffer_before_minutes integer,
                                          buffer_after_minutes integer) RETURNS tstzrange
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT pg_catalog.tstzrange(starts_at - pg_catalog.make_interval(mins => buffer_before_minutes),
                                      ends_at + pg_catalog.make_interval(mins => buffer_after_minutes)) $$;
--rollback DROP FUNCTION appointment_blocked_range(timestamptz, timestamptz, integer, integer);

--changeset citas:appointment-buffers
--comment: Each appointment keeps the buffers of its service when it was booked or last moved (existing ones: none), and two appointments' blocked ranges may not overlap on a resource: the database decides, also under concurrency.
ALTER TABLE appointments
    ADD COLUMN buffer_before_minutes integer NOT NULL DEFAULT 0
        CONSTRAINT appointments_buffer_before_range CHECK (buffer_before_minutes BETWEEN 0 AND 240),
    ADD COLUMN buffer_after_minutes integer NOT NULL DEFAULT 0
        CONSTRAINT appointments_buffer_after_range CHECK (buffer_after_minutes BETWEEN 0 AND 240);
ALTER TABLE appointments
    DROP CONSTRAINT appointments_resource_no_overlap,
    ADD CONSTRAINT appointments_resource_no_overlap EXCLUDE USING gist
        (resource_id WITH =,
         appointment_blocked_range(starts_at, ends_at, buffer_before_minutes, buffer_after_minutes) WITH &&)
        WHERE (status <> 'CANCELLED');
--rollback ALTER TABLE appointments DROP CONSTRAINT appointments_resource_no_overlap, ADD CONSTRAINT appointments_resource_no_overlap EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'CANCELLED');
--rollback ALTER TABLE appointments DROP COLUMN buffer_after_minutes, DROP COLUMN buffer_before_minutes;
