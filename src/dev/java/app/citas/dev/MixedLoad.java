package app.citas.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady, bounded mixed workload for fault tests and the soak: a fixed number of requests per second, in a fixed
 * rotation of anonymous catalog reads, availability look-ups and bookings by several customers, on a fixed pool of
 * threads, for at most a fixed time. It records every answer (status, latency, whether a failure came as problem+json
 * with Retry-After) and the id of every booking answered 201.
 *
 * <p>Bookings never collide by design: customer i always books bookable i, each time the next free 30-minute slot of
 * its working hours (09:00-13:00, 14:00-18:00 Madrid, from {@code firstDay} on), so every booking that reaches the
 * database should be a 201 and a 409 means a booking was stored twice or a slot was lost track of.
 */
public final class MixedLoad implements AutoCloseable {
    /** Status recorded when no HTTP answer came at all (connection refused or reset). */
    public static final int NO_ANSWER = 0;
    /** Status recorded when the answer did not come within the request timeout. */
    public static final int TIMED_OUT = -1;
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final int SLOTS_PER_DAY = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One booking every this many requests; the rest are catalog reads and availability. */
    private static final String[] ROTATION = {"catalog", "availability", "catalog", "booking", "catalog",
            "availability", "catalog", "booking", "catalog", "availability"};

    /** A 30-minute service offered by one resource, and a customer token that books only there. */
    public record Lane(long serviceId, long resourceId, String customerToken) {
    }

    /** One answer: when the request started (System.nanoTime), what it was, status, latency. */
    public record Sample(long startedNanos, String kind, int status, long latencyNanos, boolean problemJson,
                         boolean retryAfter) {
        public double latencyMillis() {
            return latencyNanos / 1e6;
        }
    }

    private final String baseUrl;
    private final List<Lane> lanes;
    private final LocalDate firstDay;
    private final int requestsPerSecond;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService ticker;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong bookings = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Set<Long> bookedIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> bookedTwice = new ConcurrentLinkedQueue<>();
    private volatile String lastUnexpected = "";
    private volatile Duration bookingRetryBudget = Duration.ZERO;
    private final ConcurrentLinkedQueue<BookingOutcome> bookingOutcomes = new ConcurrentLinkedQueue<>();

    /**
     * One booking as its client saw it in the end: the last status (after any retries with the same Idempotency-Key),
     * how many attempts it took, from its first attempt's start to its last answer.
     */
    public record BookingOutcome(long startedNanos, int finalStatus, int attempts, long latencyNanos) {
    }

    /**
     * @param threads at most this many requests in flight; ticks that find them all busy and the short queue
     *                full are counted as dropped, never queued without bound
     */
    public MixedLoad(String baseUrl, List<Lane> lanes, LocalDate firstDay, int requestsPerSecond, int threads,
                     Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.lanes = List.copyOf(lanes);
        this.firstDay = firstDay;
        this.requestsPerSecond = requestsPerSecond;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads),
                (task, pool) -> dropped.incrementAndGet());
        this.ticker = Executors.newSingleThreadScheduledExecutor();
    }

    /**
     * Makes {@code count} lanes through the API: for each, a resource working every day 09:00-13:00 and 14:00-18:00
     * (Madrid), a 30-minute service it alone offers, and a newly registered customer.
     */
    public static List<Lane> createLanes(Api staff, Api anonymous, String prefix, int count) {
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long resource = created(staff.post("/resources", resourceBody(prefix + "-chair-" + i)));
            long service = created(staff.post("/services", Map.of("name", prefix + "-cut-" + i,
                    "description", "load test service", "durationMinutes", 30, "price", "20.00", "currency", "EUR",
                    "resourceIds", List.of(resource), "active", true)));
            lanes.add(new Lane(service, resource, anonymous.newCustomer(prefix + "-customer-" + i)));
        }
        return lanes;
    }

    private static Map<String, Object> resourceBody(String name) {
        List<Map<String, Object>> hours = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            hours.add(Map.of("weekday", day, "start", "09:00", "end", "13:00"));
            hours.add(Map.of("weekday", day, "start", "14:00", "end", "18:00"));
        }
        return Map.of("name", name, "kind", "STAFF", "description", "load test resource", "timezone", "Europe/Madrid",
                "active", true, "serviceIds", List.of(), "workingHours", hours);
    }

    private static long created(Reply reply) {
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create load test data: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("id").asLong();
    }

    /**
     * Makes each booking's client retry it, as a real client would, with the same Idempotency-Key when no answer came
     * (connection refused or cut, timeout) or the answer was 502, 503 or 504: after the answer's Retry-After (at most
     * 2 s) or 200 ms, until the booking has been tried for {@code budget}. Every attempt is recorded as a sample.
     */
    public MixedLoad retryingBookings(Duration budget) {
        this.bookingRetryBudget = budget;
        return this;
    }

    /** Starts ticking; stops by itself after {@code maxDuration} even if nobody calls {@link #stop()}. */
    public MixedLoad start(Duration maxDuration) {
        long period = 1_000_000_000L / requestsPerSecond;
        ticker.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
        ticker.schedule(() -> ticker.shutdown(), maxDuration.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /** Stops issuing requests and waits for those in flight (each bounded by the request timeout). */
    public void stop() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        workers.shutdown();
        if (!workers.awaitTermination(requestTimeout.toSeconds() + 10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void tick() {
        long n = ticks.getAndIncrement();
        String kind = ROTATION[(int) (n % ROTATION.length)];
        Runnable request = switch (kind) {
            case "catalog" -> () -> catalogRead(n);
            case "availability" -> () -> availability(n);
            default -> this::booking;
        };
        workers.execute(request);
    }

    private void catalogRead(long n) {
        Lane lane = lanes.get((int) (n % lanes.size()));
        String path = switch ((int) (n / ROTATION.length % 4)) {
            case 0 -> "/services?page=1&size=20";
            case 1 -> "/services/" + lane.serviceId();
            case 2 -> "/resources/" + lane.resourceId();
            default -> "/categories";
        };
        send("catalog", request(path).GET().build());
    }

    private void availability(long n) {
        Lane lane = lanes.get((int) (n % lanes.size()));
        LocalDate date = firstDay.plusDays(n % 7);
        send("availability", request("/services/" + lane.serviceId() + "/availability?date=" + date).GET().build());
    }

    private void booking() {
        long k = bookings.getAndIncrement();
        Lane lane = lanes.get((int) (k % lanes.size()));
        long slot = k / lanes.size();
        String body = "{\"serviceId\":" + lane.serviceId() + ",\"resourceId\":" + lane.resourceId()
                + ",\"startsAt\":\"" + slotStart(slot) + "\",\"notes\":\"mixed load\"}";
        HttpRequest request = request("/appointments").header("Authorization", "Bearer " + lane.customerToken())
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long first = System.nanoTime();
        long deadline = first + bookingRetryBudget.toNanos();
        int attempts = 0;
        HttpResponse<String> response;
        while (true) {
            attempts++;
            response = send("booking", request);
            boolean retryable = response == null || response.statusCode() == 502 || response.statusCode() == 503
                    || response.statusCode() == 504;
            if (!retryable || System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                break;
            }
            long pauseMillis = response == null ? 200 : response.headers().firstValue("Retry-After")
                    .map(MixedLoad::seconds).map(s -> Math.min(2000, s * 1000)).orElse(200L);
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int finalStatus = response == null ? NO_ANSWER : response.statusCode();
        bookingOutcomes.add(new BookingOutcome(first, finalStatus, attempts, System.nanoTime() - first));
        if (response != null && response.statusCode() == 201) {
            long id = readId(response.body());
            if (!bookedIds.add(id)) {
                bookedTwice.add(id);
            }
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Every booking's outcome after its retries (see {@link #retryingBookings}). */
    public List<BookingOutcome> bookingOutcomes() {
        return new ArrayList<>(bookingOutcomes);
    }

    /** The slot-th free 30-minute slot from firstDay on: 8 in the morning, 8 in the afternoon, Madrid time. */
    String slotStart(long slot) {
        LocalDate day = firstDay.plusDays(slot / SLOTS_PER_DAY);
        int index = (int) (slot % SLOTS_PER_DAY);
        LocalTime time = index < 8 ? LocalTime.of(9, 0).plusMinutes(30L * index)
                : LocalTime.of(14, 0).plusMinutes(30L * (index - 8));
        return ZonedDateTime.of(day, time, MADRID).toInstant().toString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout);
    }

    private HttpResponse<String> send(String kind, HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            record(start, kind, response);
            return response;
        } catch (HttpTimeoutException e) {
            samples.add(new Sample(start, kind, TIMED_OUT, System.nanoTime() - start, false, false));
        } catch (IOException e) {
            samples.add(new Sample(start, kind, NO_ANSWER, System.nanoTime() - start, false, false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void record(long start, String kind, HttpResponse<String> response) {
        int status = response.statusCode();
        boolean problem = response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
        samples.add(new Sample(start, kind, status, System.nanoTime() - start, problem, retryAfter));
        if (status >= 500 || (status >= 400 && status != 409 && status != 429)) {
            lastUnexpected = kind + " " + status + " " + response.uri().getPath() + ": " + response.body();
        }
    }

    private static long readId(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.get("id").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("201 without an id: " + body, e);
        }
    }

    public List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Ids of every appointment answered 201. */
    public Set<Long> bookedIds() {
        return Set.copyOf(bookedIds);
    }

    /** Ids the service answered 201 for more than once (each booking asks for a new slot, so none should be). */
    public List<Long> bookedTwice() {
        return new ArrayList<>(bookedTwice);
    }

    /** Ticks not sent because every thread was busy: a sign the client, not the server, was the limit. */
    public long dropped() {
        return dropped.get();
    }

    /** The last answer that was neither 2xx, 409 nor 429, for failure messages. */
    public String lastUnexpected() {
        return lastUnexpected;
    }

    /** Answers that started within [fromNanos, toNanos), as counts by status and latency percentiles. */
    public Window window(long fromNanos, long toNanos) {
        return new Window(samples().stream().filter(s -> s.startedNanos() >= fromNanos && s.startedNanos() < toNanos)
                .toList());
    }

    /** Everything recorded. */
    public Window all() {
        return new Window(samples());
    }

    /** A slice of the recorded answers. */
    public record Window(List<Sample> samples) {
        public long count() {
            return samples.size();
        }

        public long status(int status) {
            return samples.stream().filter(s -> s.status() == status).count();
        }

        public long serverErrors() {
            return samples.stream().filter(s -> s.status() >= 500).count();
        }

        /** 4xx other than the expected 409 (slot taken) and 429 (quota): client or contract errors. */
        public long unexpectedClientErrors() {
            return samples.stream().filter(s -> s.status() >= 400 && s.status() < 500 && s.status() != 409
                    && s.status() != 429).count();
        }

        public long errors() {
            return serverErrors() + unexpectedClientErrors() + status(NO_ANSWER) + status(TIMED_OUT);
        }

        public Window ofKind(String kind) {
            return new Window(samples.stream().filter(s -> s.kind().equals(kind)).toList());
        }

        public Window withStatus(int status) {
            return new Window(samples.stream().filter(s -> s.status() == status).toList());
        }

        public double percentileMillis(double percentile) {
            if (samples.isEmpty()) {
                return Double.NaN;
            }
            double[] sorted = samples.stream().mapToDouble(Sample::latencyMillis).sorted().toArray();
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        public double maxMillis() {
            return percentileMillis(100);
        }

        public Map<Integer, Long> byStatus() {
            Map<Integer, Long> counts = new java.util.TreeMap<>();
            samples.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
            return counts;
        }

        /** "n=… p50=… p99=… max=… ms {status=count…}" for logs and docs. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "n=%d p50=%.1f p99=%.1f max=%.1f ms %s", count(),
                    percentileMillis(50), percentileMillis(99), maxMillis(), byStatus());
        }
    }
}
