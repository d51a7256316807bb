package app.citas.booking;

import app.citas.account.Caller;
import app.citas.booking.CalendarFeedDao.Owner;
import app.citas.catalog.Offerings;
import app.citas.platform.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Secret calendar feed URLs: one per customer (their own appointments) and one per resource (staff). The secret is
 * 256 random bits, URL-safe base64 (43 characters), looked up by its SHA-256; it is also stored as such so that
 * asking for the URL again answers the same one (docs/security.md, Calendar feeds). Revoking deletes it; the next
 * request for the URL makes a new one.
 */
final class CalendarFeeds {
    /** How far back a feed reaches: appointments that started in the last 30 days, and everything after. */
    static final Duration HISTORY = Duration.ofDays(30);
    /** The most appointments one feed lists (a resource's busiest year fits several times over). */
    static final int MAX_EVENTS = 5_000;
    static final int SECRET_LENGTH = 43;
    private static final String CALENDAR_NAME = "Citas";

    private final CalendarFeedDao dao;
    private final Offerings catalog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    CalendarFeeds(CalendarFeedDao dao, Offerings catalog, Clock clock) {
        this.dao = dao;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The secret of the caller's own feed, made on first use. */
    String mine(Caller caller) {
        return secretOf(Owner.customer(caller.requireUser().userId()));
    }

    void revokeMine(Caller caller) {
        dao.delete(Owner.customer(caller.requireUser().userId()));
    }

    /** The secret of a resource's feed (staff), made on first use; 404 for a resource that does not exist. */
    String ofResource(Caller caller, long resourceId) {
        caller.requireStaff();
        requireResource(resourceId);
        return secretOf(Owner.resource(resourceId));
    }

    void revokeResource(Caller caller, long resourceId) {
        caller.requireStaff();
        requireResource(resourceId);
        dao.delete(Owner.resource(resourceId));
    }

    private void requireResource(long resourceId) {
        if (catalog.resource(resourceId).isEmpty()) {
            throw ApiException.notFound(BookingMessages.of("resource.not-found", resourceId));
        }
    }

    private String secretOf(Owner owner) {
        Optional<String> existing = dao.secret(owner);
        if (existing.isPresent()) {
            return existing.get();
        }
        String secret = newSecret();
        if (dao.create(owner, secret, hash(secret))) {
            return secret;
        }
        // A concurrent first request stored its feed first: both answer that one.
        return dao.secret(owner).orElseThrow();
    }

    /**
     * The feed at this secret as iCalendar, or empty when there is none (never made, or revoked): two statements,
     * the feed by its hash and its appointments.
     */
    Optional<String> feed(String secret, String host) {
        return dao.feed(hash(secret)).map(feed -> CalendarRendering.feed(
                feed.resourceName() == null ? CALENDAR_NAME : CALENDAR_NAME + ": " + feed.resourceName(), host,
                dao.events(feed.owner(), clock.instant().minus(HISTORY), MAX_EVENTS)));
    }

    /** One appointment as iCalendar, in one statement; 404 unless the caller is its customer or staff. */
    String appointment(Caller caller, long id, String host) {
        caller.requireUser();
        return dao.event(id)
                .filter(shown -> caller.isStaff() || caller.userId() == shown.customerId())
                .map(shown -> CalendarRendering.single(shown.event(), host))
                .orElseThrow(() -> ApiException.notFound(BookingMessages.of("appointment.not-found", id)));
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
