--liquibase formatted sql

--changeset citas:appointment-schedule-lock splitStatements:false
--comment: A write that places an appointment on its resource's schedule (a new one, a move, new buffers, confirmed again) takes the transaction's advisory lock on that resource first, so racing writes reach the exclusion constraint one after the other and the loser gets its violation (409) at once; without it, two inserts may each wait for the other's uncommitted row, a deadlock PostgreSQL ends after deadlock_timeout (a 500). Booking took this lock with a statement of its own before each such write (BookingDao.lockResourceSchedule); in the trigger it costs no round trip. The key is the same: namespace 0x43697461 ("Cita"), the resource id modulo 2^31 - 1. Named to fire before appointments_outside_time_off (triggers fire in name order), so the locks come in the order they did.
CREATE FUNCTION appointments_lock_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'CANCELLED' OR (TG_OP = 'UPDATE' AND OLD.status <> 'CANCELLED'
            AND NEW.resource_id = OLD.resource_id AND NEW.starts_at = OLD.starts_at AND NEW.ends_at = OLD.ends_at
            AND NEW.buffer_before_minutes = OLD.buffer_before_minutes
            AND NEW.buffer_after_minutes = OLD.buffer_after_minutes) THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(1130984545, (NEW.resource_id % 2147483647)::integer);
    RETURN NEW;
END
$$;
CREATE TRIGGER appointments_lock_schedule BEFORE INSERT OR UPDATE ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_lock_schedule();
--rollback DROP TRIGGER appointments_lock_schedule ON appointments;
--rollback DROP FUNCTION appointments_lock_schedule();
