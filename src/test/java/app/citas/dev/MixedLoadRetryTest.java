package app.citas.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failover run's client: a booking answered 503 is sent again with the same Idempotency-Key until it gets 201. */
class MixedLoadRetryTest {

    @Test
    void aBookingAnswered503IsRetriedWithItsIdempotencyKeyUntil201() throws Exception {
        Map<String, Integer> attemptsByKey = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                int attempt = attemptsByKey.merge(key, 1, Integer::sum);
                if (attempt == 1) {
                    exchange.getResponseHeaders().add("Retry-After", "0");
                    answer(exchange, 503, "application/problem+json", "{\"status\":503}");
                } else {
                    answer(exchange, 201, "application/json", "{\"id\":" + ids.incrementAndGet() + "}");
                }
            } else {
                answer(exchange, 200, "application/json", "{}");
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            MixedLoad load = new MixedLoad(url, List.of(new MixedLoad.Lane(1, 2, "token")), LocalDate.now().plusDays(1),
                    10, 4, Duration.ofSeconds(5)).retryingBookings(Duration.ofSeconds(10)).start(Duration.ofMillis(1900));
            Thread.sleep(2000);
            load.stop();

            List<MixedLoad.BookingOutcome> outcomes = load.bookingOutcomes();
            assertTrue(outcomes.size() >= 2, "bookings sent: " + outcomes);
            assertTrue(outcomes.stream().allMatch(o -> o.finalStatus() == 201 && o.attempts() == 2), outcomes.toString());
            assertEquals(outcomes.size(), attemptsByKey.size(), "one Idempotency-Key per booking, kept on its retry");
            assertTrue(attemptsByKey.values().stream().allMatch(n -> n == 2), attemptsByKey.toString());
            assertEquals(outcomes.size(), load.bookedIds().size());
            assertEquals(outcomes.size(), load.all().ofKind("booking").status(503), "every attempt is a sample");
            assertFalse(load.all().ofKind("booking").samples().isEmpty());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutARetryBudgetABookingIsSentOnce() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, exchange.getRequestMethod().equals("POST") ? 503 : 200,
                "application/json", "{}"));
        server.start();
        try {
            MixedLoad load = new MixedLoad("http://127.0.0.1:" + server.getAddress().getPort(),
                    List.of(new MixedLoad.Lane(1, 2, "token")), LocalDate.now().plusDays(1), 10, 4, Duration.ofSeconds(5))
                    .start(Duration.ofMillis(900));
            Thread.sleep(1000);
            load.stop();
            List<MixedLoad.BookingOutcome> outcomes = load.bookingOutcomes();
            assertFalse(outcomes.isEmpty());
            assertTrue(outcomes.stream().allMatch(o -> o.finalStatus() == 503 && o.attempts() == 1), outcomes.toString());
        } finally {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
