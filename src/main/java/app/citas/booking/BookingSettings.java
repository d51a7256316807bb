package app.citas.booking;

import app.citas.platform.SettingsReader;
import java.time.Duration;

/** How many upcoming appointments a customer may hold, and how long a booking's Idempotency-Key replays. */
public record BookingSettings(int maxUpcomingPerCustomer, Duration idempotencyKeyTtl) {
    public static final String MAX_UPCOMING_PER_CUSTOMER = "CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER";
    public static final String IDEMPOTENCY_KEY_HOURS = "CITAS_IDEMPOTENCY_KEY_HOURS";

    public static BookingSettings read(SettingsReader reader) {
        return new BookingSettings(
                reader.integer(MAX_UPCOMING_PER_CUSTOMER, 10, 1, 100_000),
                Duration.ofHours(reader.integer(IDEMPOTENCY_KEY_HOURS, 24, 1, 24 * 30)));
    }
}
