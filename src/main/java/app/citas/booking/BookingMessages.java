package app.citas.booking;

import app.citas.platform.Message;
import app.citas.platform.Messages;

/** The booking feature's texts for clients: app/citas/booking/messages*.properties. */
final class BookingMessages {
    private static final Messages TEXT = Messages.of(BookingMessages.class);

    private BookingMessages() {
    }

    static Message of(String key, Object... args) {
        return TEXT.get(key, args);
    }
}
