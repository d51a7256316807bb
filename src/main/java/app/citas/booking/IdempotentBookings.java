package app.citas.booking;

import app.citas.account.Caller;
import app.citas.booking.BookingDao.StoredResponse;
import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.BookingRequest;
import app.citas.platform.ApiException;
import app.citas.platform.JsonBody;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The HTTP side of POST /appointments: the 201 with its Location, and the Idempotency-Key. With a key, the first
 * answer (status, body, Location) is stored with the key in the same transaction as the booking; a retry with the
 * same key and body gets that answer again with Idempotent-Replayed: true, the same key with another body a 422,
 * and a retry while the first is still running a 409.
 */
final class IdempotentBookings {
    private static final String REPLAYED = "Idempotent-Replayed";
    private final BookingDao dao;
    private final ObjectMapper json;

    IdempotentBookings(BookingDao dao, ObjectMapper json) {
        this.dao = dao;
        this.json = json;
    }

    /**
     * @param key        the request's checked Idempotency-Key, or null
     * @param booking    books the appointment (runs at most once per key)
     * @param locationOf the absolute URI of an appointment by id
     */
    Response answer(Caller caller, String key, BookingRequest request, Supplier<AppointmentView> booking,
                    LongFunction<String> locationOf) {
        if (key == null) {
            AppointmentView booked = booking.get();
            return created(booked, locationOf.apply(booked.id()));
        }
        byte[] requestHash = sha256(JsonBody.of(json, request).bytes());
        if (!dao.claimIdempotencyKey(caller.userId(), key, requestHash)) {
            return replay(caller.userId(), key, requestHash);
        }
        AppointmentView booked = booking.get();
        // The stored text is sent now too, so a replay answers byte for byte what the first request got.
        String body = new String(JsonBody.of(json, booked).bytes(), StandardCharsets.UTF_8);
        String location = locationOf.apply(booked.id());
        dao.storeResponse(caller.userId(), key, 201, body, location);
        return created(body, location);
    }

    private Response replay(long userId, String key, byte[] requestHash) {
        StoredResponse stored = dao.storedResponse(userId, key)
                .orElseThrow(() -> ApiException.conflict(BookingMessages.of("idempotency.in-progress")));
        if (!MessageDigest.isEqual(stored.requestHash(), requestHash)) {
            throw ApiException.unprocessable(BookingMessages.of("idempotency.reused"));
        }
        if (stored.status() == null) {
            throw ApiException.conflict(BookingMessages.of("idempotency.in-progress"));
        }
        return Response.status(stored.status()).type(MediaType.APPLICATION_JSON).entity(stored.body())
                .header("Location", stored.location()).header(REPLAYED, "true").build();
    }

    private static Response created(Object body, String location) {
        return Response.status(201).type(MediaType.APPLICATION_JSON).entity(body).header("Location", location).build();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
