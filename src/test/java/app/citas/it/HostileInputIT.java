package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import app.citas.testing.Thorough;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input over every operation of the published contract (GET /openapi.json): random and boundary values,
 * wrong types, huge numbers, invalid UTF-8, deep nesting, SQL and header metacharacters, unknown enum values and
 * out-of-range dates in query parameters, path ids, headers and bodies. Whatever comes in, the answer is never a
 * 5xx; a 4xx is a problem+json document that shows nothing internal, and it leaves every table as it was.
 *
 * <p>jqwik cannot use Jupiter's StackExtension, so the properties run on a stack of their own, started once.
 *
 * <p>The tries below are the thorough run's ({@code mvn verify -Pthorough}); the default run makes a third of them
 * ({@link Thorough.Tries}), each try the same request and the same checks, with new random values every run.
 */
@AddLifecycleHook(Thorough.Tries.class)
class HostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Text that must never reach a client unless the client sent it itself. */
    /**
     * Every value a request sent that was accepted (2xx): stored data, such as a category renamed to
     * "' UNION SELECT …", is rightly shown again in later answers and is no leak.
     */
    private static final java.util.Set<String> STORED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final List<String> LEAKS = List.of("exception", "at app.citas", "org.hibernate", "org.postgresql",
            "org.glassfish", "java.", "jakarta.", "com.fasterxml", "psql", "sqlstate", "hikari", "select ", "insert ",
            "update ", "error:", "tomcat", "stack trace");

    private static TestStack stack;
    private static String staffToken;
    private static String userToken;
    private static JsonNode openApi;
    private static List<Operation> operations;
    private static Map<String, String> ids;
    private static String checksumQuery;

    /** One operation of the contract, with the path parameter filled in with an id that exists. */
    record Operation(String method, String template, List<String> queryParameters, boolean hasBody) {
        /** The other path parameters (a resource's time off or date override) get values of their kind. */
        String path(String id) {
            return template.replace("{id}", id).replace("{timeOffId}", "1").replace("{date}", "2030-01-07");
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    @BeforeContainer
    static void startStack() throws Exception {
        stack = TestStack.start();
        staffToken = stack.staffToken("hostile-staff");
        userToken = stack.api().newCustomer(Fixtures.unique("hostile"));
        Fixtures fixtures = new Fixtures(stack.api().as(staffToken));
        long category = fixtures.category(Fixtures.unique("Hostile"));
        Fixtures.Bookable bookable = fixtures.bookable();
        String patched = book(bookable, Fixtures.madrid(3, "10:00"));
        String cancelled = book(bookable, Fixtures.madrid(3, "11:00"));
        String resource = String.valueOf(bookable.resourceId());
        ids = Map.ofEntries(Map.entry("/categories/{id}", String.valueOf(category)),
                Map.entry("/services/{id}", String.valueOf(bookable.serviceId())),
                Map.entry("/services/{id}/availability", String.valueOf(bookable.serviceId())),
                Map.entry("/resources/{id}", resource),
                Map.entry("/resources/{id}/time-off", resource), Map.entry("/resources/{id}/time-off/{timeOffId}", resource),
                Map.entry("/resources/{id}/date-overrides", resource),
                Map.entry("/resources/{id}/date-overrides/{date}", resource),
                Map.entry("/appointments/{id}", patched), Map.entry("/appointments/{id}/cancel", cancelled),
                Map.entry("serviceId", String.valueOf(bookable.serviceId())), Map.entry("resourceId", resource),
                Map.entry("categoryId", String.valueOf(category)));
        openApi = stack.api().get("/openapi.json").json();
        operations = operationsOf(openApi);
    }

    private static String book(Fixtures.Bookable bookable, String startsAt) {
        Reply booked = stack.api().as(userToken).post("/appointments", Fixtures.booking(bookable, startsAt));
        assertEquals(201, booked.status(), booked.body());
        return booked.json().get("id").asText();
    }

    @AfterContainer
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static List<Operation> operationsOf(JsonNode api) {
        List<Operation> found = new ArrayList<>();
        api.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            List<String> query = new ArrayList<>();
            JsonNode parameters = op.getValue().path("parameters");
            parameters.forEach(p -> {
                if (p.path("in").asText().equals("query")) {
                    query.add(p.get("name").asText());
                }
            });
            found.add(new Operation(op.getKey(), path.getKey(), List.copyOf(query), op.getValue().has("requestBody")));
        }));
        return List.copyOf(found);
    }

    // ---------------------------------------------------------------- the properties

    @Example
    void theContractHasTheOperationsTheseTestsKnowValidBodiesFor() {
        for (Operation op : operations) {
            if (op.hasBody()) {
                assertNotNull(validBody(op), "no valid body known for " + op + ": teach HostileInputIT its shape");
            }
        }
        assertTrue(operations.size() >= 20, operations.toString());
    }

    @Example
    void whatTomcatRefusesItselfIsAProblemToo() {
        String root = URI.create(stack.baseUrl()).resolve("/").toString();
        for (String path : List.of("citas/api/v1/services/%FF", "citas/api/v1/%00", "citas/api/v1/services/%C0%AF",
                "not-citas", "not-citas/%FF")) {
            for (String language : List.of("en", "es")) {
                Reply reply = sendTo(root + path, language);
                String context = path + " (" + language + ") -> " + reply.status() + " " + reply.body();
                assertTrue(reply.status() == 400 || reply.status() == 404, context);
                assertEquals("application/problem+json", reply.contentType(), context);
                assertEquals(language, reply.header("Content-Language"), context);
                JsonNode problem = reply.json();
                assertEquals(reply.status(), problem.path("status").asInt(), context);
                assertEquals("https://citas.app/problems/http-" + reply.status(), problem.path("type").asText(), context);
                assertFalse(reply.body().toLowerCase(Locale.ROOT).contains("tomcat"), context);
            }
        }
        for (String contentType : List.of("", " ", "application/json; q=0.5", "/", "json")) {
            Reply reply = send("post", "/categories", staffToken, bytes("{\"name\":\"X\"}"),
                    Map.of("Content-Type", contentType));
            assertEquals(400, reply.status(), "Content-Type '" + contentType + "': " + reply.body());
            assertEquals("application/problem+json", reply.contentType(), reply.body());
        }
    }

    private static Reply sendTo(String url, String language) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept-Language", language).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 150)
    void anyQueryParameterValueGetsA200OrA4xxProblemNeverA500(@ForAll("readsWithQuery") Operation op,
                                                              @ForAll("callers") String caller,
                                                              @ForAll("queryValues") String encodedValue,
                                                              @ForAll("indexes") int which) throws Exception {
        String name = op.queryParameters().get(which % op.queryParameters().size());
        String query = name + "=" + encodedValue
                + (op.template().endsWith("/availability") && !name.equals("date") ? "&date=2030-01-07" : "");
        Reply reply = unchangedUnless2xx(() -> send(op.method(), op.path(idFor(op)) + "?" + query, caller, null, Map.of()));
        assertSafe(reply, query);
    }

    @Property(tries = 100)
    void anyPathIdGetsA404OrA4xxProblemNeverA500(@ForAll("operationsWithId") Operation op,
                                                @ForAll("callers") String caller,
                                                @ForAll("pathIds") String encodedId) throws Exception {
        byte[] body = op.hasBody() ? bytes(validBody(op)) : null;
        String path = op.path(encodedId) + (op.template().endsWith("/availability") ? "?date=2030-01-07" : "");
        Reply reply = unchangedUnless2xx(() -> send(op.method(), path, caller, body, Map.of()));
        assertSafe(reply, encodedId);
        assertTrue(reply.status() >= 400, "a made-up id " + encodedId + " answered " + reply);
    }

    /** CITAS_MAX_BODY_BYTES, which this stack leaves at its default. */
    private static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    @Property(tries = 150)
    void anyBodyFieldWithAHostileValueGetsA4xxProblemAndChangesNothingOrSucceeds(
            @ForAll("operationsWithBody") Operation op, @ForAll("fieldIndexes") int which,
            @ForAll("jsonValues") String value) throws Exception {
        ObjectNode body = validBody(op);
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        fields.add("unknownField"); // the same values under a name the contract does not have
        String field = fields.get(which % fields.size());
        String text = replaceField(body, field, value);
        Reply reply = unchangedUnless2xx(() -> send(op.method(), op.path(idFor(op)), callerFor(op), bytes(text), Map.of()));
        assertSafe(reply, text);
        if (field.equals("unknownField")) {
            // Refused for the unknown name, unless the body is over the limit and refused before it is read.
            int expected = bytes(text).length > DEFAULT_MAX_BODY_BYTES ? 413 : 400;
            assertEquals(expected, reply.status(), text + " -> " + reply);
        }
    }

    @Property(tries = 100)
    void anyBodyThatIsNotWellFormedJsonGetsA4xxProblemAndChangesNothing(@ForAll("operationsWithBody") Operation op,
                                                                       @ForAll("brokenBodies") byte[] body)
            throws Exception {
        Reply reply = unchangedUnless2xx(() -> send(op.method(), op.path(idFor(op)), callerFor(op), body, Map.of()));
        String shown = new String(body, StandardCharsets.ISO_8859_1);
        assertSafe(reply, shown);
        assertTrue(reply.status() >= 400 && reply.status() < 500, shown + " -> " + reply);
    }

    @Property(tries = 100)
    void anyHostileHeaderGetsA4xxProblemOrAnOrdinaryAnswerNeverA500(@ForAll("operationsWithBody") Operation op,
                                                                  @ForAll("headerNames") String header,
                                                                  @ForAll("headerValues") String value) throws Exception {
        Map<String, String> headers = Map.of(header, value);
        String token = header.equals("Authorization") ? null : callerFor(op);
        Reply reply = unchangedUnless2xx(() -> send(op.method(), op.path(idFor(op)), token,
                bytes(validBody(op)), headers));
        assertSafe(reply, value);
        if (header.equals("Authorization")) {
            assertEquals(401, reply.status(), value + " -> " + reply);
        }
    }

    @Property(tries = 100)
    void anyDateOrInstantInAQueryOrABodyGetsA2xxOrA4xxProblemAndChangesNothingOnA4xx(
            @ForAll("dateTargets") String target, @ForAll("dates") String value) throws Exception {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        Reply reply = unchangedUnless2xx(() -> switch (target) {
            case "availability" -> send("get", "/services/" + ids.get("serviceId") + "/availability?date=" + encoded,
                    null, null, Map.of());
            case "from", "to" -> send("get", "/appointments?" + target + "=" + encoded, staffToken, null, Map.of());
            case "book" -> send("post", "/appointments", userToken,
                    bytes(replaceField(validBody(operation("post", "/appointments")), "startsAt", jsonString(value))),
                    Map.of());
            default -> send("patch", "/appointments/" + ids.get("/appointments/{id}"), userToken,
                    bytes(replaceField(validBody(operation("patch", "/appointments/{id}")), "startsAt", jsonString(value))),
                    Map.of());
        });
        assertSafe(reply, value);
    }

    @Property(tries = 80)
    void anyTextWithControlCharactersGetsA2xxOrA4xxProblemAndChangesNothingOnA4xx(
            @ForAll("operationsWithBody") Operation op, @ForAll("fieldIndexes") int which,
            @ForAll("controlCharacters") String control, @ForAll("indexes") int at) throws Exception {
        ObjectNode body = validBody(op);
        List<String> textFields = new ArrayList<>();
        body.fields().forEachRemaining(f -> {
            if (f.getValue().isTextual()) {
                textFields.add(f.getKey());
            }
        });
        if (textFields.isEmpty()) {
            return;
        }
        String field = textFields.get(which % textFields.size());
        String original = body.get(field).asText();
        int cut = at % (original.length() + 1);
        String text = replaceField(body, field, jsonString(original.substring(0, cut) + control + original.substring(cut)));
        Reply reply = unchangedUnless2xx(() -> send(op.method(), op.path(idFor(op)), callerFor(op), bytes(text), Map.of()));
        assertSafe(reply, text);
        String q = URLEncoder.encode("a" + control + "b", StandardCharsets.UTF_8);
        assertSafe(unchangedUnless2xx(() -> send("get", (which % 2 == 0 ? "/services" : "/resources") + "?q=" + q,
                null, null, Map.of())), q);
    }

    private static Operation operation(String method, String template) {
        return operations.stream().filter(o -> o.method().equals(method) && o.template().equals(template))
                .findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- what is checked

    private static void assertSafe(Reply reply, String sent) {
        String context = "sent " + abbreviate(sent) + " -> " + reply.status() + " " + abbreviate(reply.body());
        assertTrue(reply.status() < 500, context);
        // Every refusal is problem+json, Tomcat's own included (a path with %FF or %00: the Host's
        // ProblemErrorReportValve; an empty Content-Type: ReadableContentTypeFilter).
        if (reply.status() >= 400) {
            assertEquals("application/problem+json", reply.contentType(), context);
            JsonNode problem = reply.json();
            assertEquals(reply.status(), problem.path("status").asInt(), context);
            assertTrue(problem.hasNonNull("type") && problem.hasNonNull("title") && problem.hasNonNull("detail"), context);
        }
        String body = reply.body().toLowerCase(Locale.ROOT);
        String echoed = sent.toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            assertFalse(body.contains(leak) && !echoed.contains(leak) && STORED.stream().noneMatch(s -> s.contains(leak)),
                    "leaks \"" + leak + "\": " + context);
        }
        if (reply.status() >= 200 && reply.status() < 300) {
            STORED.add(echoed);
        }
    }

    private interface Call {
        Reply call() throws Exception;
    }

    /** Runs the call; unless it succeeded, no row of any table may have changed. */
    private static Reply unchangedUnless2xx(Call call) throws Exception {
        Map<String, String> before = tableChecksums();
        Reply reply = call.call();
        if (reply.status() < 200 || reply.status() >= 300) {
            Map<String, String> after = tableChecksums();
            List<String> changed = before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t))).toList();
            assertEquals(List.of(), changed, "tables changed by a " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    /** An md5 of every row of every table of the application's schema, by table, in one round trip. */
    static Map<String, String> tableChecksums() throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        try (Connection c = stack.jdbc(); Statement s = c.createStatement()) {
            if (checksumQuery == null) {
                List<String> parts = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables "
                        + "where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
                    while (rs.next()) {
                        parts.add("select '" + rs.getString(1) + "', md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                                + " from \"" + rs.getString(1) + "\" t");
                    }
                }
                checksumQuery = String.join(" union all ", parts);
            }
            try (ResultSet rs = s.executeQuery(checksumQuery)) {
                while (rs.next()) {
                    sums.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return sums;
    }

    // ---------------------------------------------------------------- sending

    private static Reply send(String method, String path, String token, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException notAUri) {
            // Only URIs java.net can send are worth sending; the others never reach a server this way either.
            return new Reply(404, Map.of("Content-Type", List.of("application/problem+json")),
                    "{\"type\":\"x\",\"title\":\"x\",\"status\":404,\"detail\":\"x\"}");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean typed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        request.method(method.toUpperCase(Locale.ROOT), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String idFor(Operation op) {
        return ids.getOrDefault(op.template(), "");
    }

    /** Staff for the catalog writes, a customer for the rest, so the body (not the role) is what gets judged. */
    private static String callerFor(Operation op) {
        if (op.template().startsWith("/auth/register") || (op.template().equals("/auth/token") && op.method().equals("post"))) {
            return null;
        }
        return op.template().startsWith("/appointments") ? userToken : staffToken;
    }

    /** A body the operation accepts, or null when this test does not know the operation. */
    private static ObjectNode validBody(Operation op) {
        ObjectNode body = JSON.createObjectNode();
        switch (op.method() + " " + op.template()) {
            case "post /auth/register" -> body.put("username", Fixtures.unique("fz")).put("email", "fz@example.com")
                    .put("password", "a-long-enough-password").put("fullName", "Fuzz");
            case "post /auth/token" -> body.put("username", "hostile-staff").put("password", "not-the-password");
            case "post /categories", "put /categories/{id}" -> body.put("name", Fixtures.unique("Cat"));
            case "post /services", "put /services/{id}" -> {
                body.put("name", Fixtures.unique("Svc")).put("description", "d").put("durationMinutes", 30)
                        .put("price", "25.00").put("currency", "EUR").put("categoryId", Long.parseLong(ids.get("categoryId")))
                        .put("active", true);
                body.putArray("resourceIds").add(Long.parseLong(ids.get("resourceId")));
            }
            case "post /resources", "put /resources/{id}" -> {
                body.put("name", Fixtures.unique("Res")).put("kind", "ROOM").put("description", "d")
                        .put("timezone", "Europe/Madrid").put("active", true);
                body.putArray("serviceIds").add(Long.parseLong(ids.get("serviceId")));
                body.putArray("workingHours").addObject().put("weekday", 1).put("start", "09:00").put("end", "13:00");
            }
            case "post /appointments" -> body.put("serviceId", Long.parseLong(ids.get("serviceId")))
                    .put("resourceId", Long.parseLong(ids.get("resourceId")))
                    .put("startsAt", Fixtures.madrid(5, "09:00")).put("notes", "n");
            case "patch /appointments/{id}" -> body.put("startsAt", Fixtures.madrid(3, "10:00")).put("notes", "n");
            case "post /appointments/{id}/cancel" -> body.put("reason", "r");
            case "post /resources/{id}/time-off" -> body.put("startsAt", Fixtures.madrid(40, "09:00"))
                    .put("endsAt", Fixtures.madrid(40, "10:00")).put("reason", "r");
            case "put /resources/{id}/date-overrides/{date}" ->
                    body.putArray("periods").addObject().put("start", "09:00").put("end", "13:00");
            default -> {
                return null;
            }
        }
        return body;
    }

    /** The body as text with one field's value replaced by raw JSON (which may be anything at all). */
    private static String replaceField(ObjectNode body, String field, String rawValue) throws IOException {
        String marker = "\"@@HOSTILE@@\"";
        ObjectNode copy = body.deepCopy();
        copy.put(field, "@@HOSTILE@@");
        return JSON.writeValueAsString(copy).replace(marker, rawValue);
    }

    private static byte[] bytes(Object body) {
        try {
            return body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<String> dateTargets() {
        return Arbitraries.of("availability", "from", "to", "book", "reschedule");
    }

    @Provide
    Arbitrary<String> dates() {
        Arbitrary<String> years = Arbitraries.of("0000", "0001", "1969", "1970", "2030", "9999", "+10000", "+294276",
                "+294277", "-0001", "-4713", "-4714", "+999999999", "-999999999", "+1000000000", "-1000000000");
        Arbitrary<String> dates = Combinators.combine(years, Arbitraries.of("01-01", "01-07", "02-29", "03-28", "10-31",
                "12-31", "13-01", "02-30")).as((y, md) -> y + "-" + md);
        Arbitrary<String> instants = Combinators.combine(dates, Arbitraries.of("T00:00:00Z", "T09:00:00Z",
                "T10:00:00+01:00", "T23:59:59.999999999Z", "T02:30:00+01:00", "T24:00:00Z", "T10:00:00+18:00", "T10:00"))
                .as((d, t) -> d + t);
        return Arbitraries.oneOf(dates, instants, hostileStrings());
    }

    @Provide
    Arbitrary<String> controlCharacters() {
        return Arbitraries.of("\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u2028", "\ufeff", "\ufffe",
                "\ud800", "\udfff", "\r\n", "\t");
    }

    @Provide
    Arbitrary<Operation> readsWithQuery() {
        return Arbitraries.of(operations.stream().filter(op -> !op.queryParameters().isEmpty()).toList());
    }

    @Provide
    Arbitrary<Operation> operationsWithId() {
        return Arbitraries.of(operations.stream().filter(op -> op.template().contains("{id}")).toList());
    }

    @Provide
    Arbitrary<Operation> operationsWithBody() {
        return Arbitraries.of(operations.stream().filter(Operation::hasBody).toList());
    }

    @Provide
    Arbitrary<String> callers() {
        return Arbitraries.of(staffToken, userToken).injectNull(0.2);
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 50);
    }

    @Provide
    Arbitrary<Integer> fieldIndexes() {
        return Arbitraries.integers().between(0, 50);
    }

    /** Values a client might type into any text field or parameter; every one of them is a plausible attack or slip. */
    static Arbitrary<String> hostileStrings() {
        Arbitrary<String> boundaryNumbers = Arbitraries.of("0", "-0", "-1", "1", "+1", " 7 ", "1.5", "1e3", "0x10",
                "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "99999999999999999999999999999999", "1e309", "NaN", "Infinity", "-Infinity",
                "\u0663", "\uFF11", "1_000");
        Arbitrary<String> dates = Arbitraries.of("2026-02-30", "2026-13-01", "0000-01-01", "0001-01-01", "9999-12-31",
                "+10000-01-01", "-0001-01-01", "+999999999-12-31", "-999999999-01-01", "2027-03-28", "2027-10-31",
                "2026-03-29T02:30", "2026-03-29T02:30:00+01:00", "2026-10-25T02:30:00+02:00", "1970-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z",
                "-4714-11-23T00:00:00Z", "+10000-01-01T00:00:00Z", "2030-01-01T00:00:00.123456789Z",
                "2030-01-01T00:00:00+18:00", "2030-01-01T00:00:00-18:00", "+10000-01-04T10:00:00Z", "+294277-01-04T10:00:00Z",
                "2030-01-07T09:00:00Z", "2030-01-07T09:00:00.5Z", "2030-01-01T24:00:00Z", "2030-01-01 10:00",
                "1893456000", "1893456000000", "25:61", "23:59:60", "00:00", "24:00");
        Arbitrary<String> enums = Arbitraries.of("STAFF", "staff", "Staff ", "ROOM\u0000", "CANCELLED", "CONFIRMED",
                "COMPLETED", "NO_SHOW", "UNKNOWN", "name", "-name", "price;drop", "-", "--name", "true", "TRUE", "yes",
                "1", "null", "undefined", "USER", "ADMIN", "Europe/Madrid", "Mars/Olympus", "UTC+25", "../../etc/passwd");
        Arbitrary<String> metacharacters = Arbitraries.of("", " ", "\t", "'", "\"", "\\", "%", "_", "%_%", "\\%",
                "' OR '1'='1", "1; DROP TABLE users; --", "' UNION SELECT password_hash FROM users --", "$$;$$",
                "1)) OR pg_sleep(0) IS NULL --", "a\r\nSet-Cookie: x=y", "\r\n\r\n", "\u0000", "a\u0000b", "\u202e",
                "\uFEFF", "\uD800", "\uDFFF", "\uD83D\uDE00", "\u00f1and\u00fa", "<script>alert(1)</script>",
                "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "%s%n%x", "\u0085", "\u2028");
        Arbitrary<String> longOnes = Arbitraries.of('a', '\'', '%', '\u00e9', '9')
                .flatMap(c -> Arbitraries.integers().between(201, 3000).map(n -> String.valueOf(c).repeat(n)));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(40);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, boundaryNumbers), net.jqwik.api.Tuple.of(3, dates),
                net.jqwik.api.Tuple.of(2, enums), net.jqwik.api.Tuple.of(4, metacharacters),
                net.jqwik.api.Tuple.of(1, longOnes), net.jqwik.api.Tuple.of(2, random));
    }

    /** "+5", " 7" and "\u0663" (Arabic-Indic 3) are ids to Long.valueOf, which reads JAX-RS path parameters. */
    private static boolean parsesAsAnId(String text) {
        try {
            return Long.parseLong(text.strip()) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Query values as they appear on the wire: properly encoded text, or percent sequences no decoder can read. */
    @Provide
    Arbitrary<String> queryValues() {
        Arbitrary<String> encoded = hostileStrings().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
        Arbitrary<String> broken = Arbitraries.of("%", "%2", "%zz", "%FF", "%C3%28", "%C0%AF", "%ED%A0%80", "%F4%90%80%80",
                "%00", "a%0D%0Ab", "%E2%82", "%25%32%35", "1%26size%3D5", "1&page=0", "a;b", "a+b", "%2B1");
        return Arbitraries.oneOf(encoded, encoded, broken);
    }

    @Provide
    Arbitrary<String> pathIds() {
        // Ids that exist are left out: a DELETE of a real one would only prove that deleting works. So are matrix
        // parameters alone (";x=1"): JAX-RS drops them, and /appointments/;x=1 is the list, not an id.
        Arbitrary<String> numbers = Arbitraries.of("0", "-1", "-0", "00", "2147483648", "9223372036854775807",
                "9223372036854775808", "99999999999999999999999", "1e3", "0x1F", "1.0", "%20");
        Arbitrary<String> big = Arbitraries.longs().between(1_000_000_000L, Long.MAX_VALUE).map(String::valueOf);
        Arbitrary<String> text = hostileStrings().filter(s -> !s.isBlank() && !parsesAsAnId(s))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        Arbitrary<String> broken = Arbitraries.of("%FF", "%C3%28", "%ED%A0%80", "%00", "%2F", "%5C", "%25", "..", "%2e%2e",
                "x;jsessionid=1");
        return Arbitraries.oneOf(numbers, big, text, broken);
    }

    /** Raw JSON values: wrong types, extreme numbers, hostile strings, dates, unknown enums, deep nesting. */
    @Provide
    Arbitrary<String> jsonValues() {
        Arbitrary<String> literals = Arbitraries.of("null", "true", "false", "0", "-1", "1", "1.5", "-0.0", "[]", "{}",
                "[1,2]", "[null]", "[\"x\"]", "{\"a\":1}", "[[1]]", "1e400", "-1e400", "1e-400", "9223372036854775808",
                "99999999999999999999999999999999999999", "123456789.123456789", "0.001", "1E+2", "\"\"", "\" \"",
                "[{\"weekday\":8,\"start\":\"09:00\",\"end\":\"10:00\"}]",
                "[{\"weekday\":1,\"start\":\"10:00\",\"end\":\"09:00\"}]",
                "[{\"weekday\":1,\"start\":\"24:00\",\"end\":\"25:00\"}]",
                "[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"10:00\",\"x\":1}]",
                "[9223372036854775807]", "[-1]", "[0]", "[1,1,1]");
        Arbitrary<String> longNumber = Arbitraries.integers().between(300, 3000).map(n -> "1" + "0".repeat(n));
        Arbitrary<String> strings = hostileStrings().map(HostileInputIT::jsonString);
        Arbitrary<String> hugeString = Arbitraries.integers().between(1001, 70_000).map(n -> jsonString("x".repeat(n)));
        Arbitrary<String> nested = Combinators.combine(Arbitraries.of("[", "{\"a\":"), Arbitraries.integers().between(2, 3000))
                .as((open, depth) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, literals), net.jqwik.api.Tuple.of(1, longNumber),
                net.jqwik.api.Tuple.of(6, strings), net.jqwik.api.Tuple.of(1, hugeString), net.jqwik.api.Tuple.of(2, nested));
    }

    /**
     * Bodies no JSON parser should accept: invalid UTF-8, truncation, trailing data, duplicate keys, deep nesting. Not
     * here: a leading byte-order mark (RFC 8259 lets parsers skip it), and an empty body or a bare null, which are no
     * body at all where the body is optional (cancelling an appointment).
     */
    @Provide
    Arbitrary<byte[]> brokenBodies() {
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80})
                .map(bad -> concat("{\"name\":\"a".getBytes(StandardCharsets.UTF_8), bad, "b\"}".getBytes(StandardCharsets.UTF_8)));
        Arbitrary<byte[]> texts = Arbitraries.of("{", "}", "{\"name\":", "{\"name\":\"x\"", "{\"name\":\"x\"}}",
                "{\"name\":\"x\"} {\"name\":\"y\"}", "{\"name\":\"x\",\"name\":\"y\"}", "{'name':'x'}", "{name:\"x\"}",
                "[", "nul", "NaN", "\"just a string\"", "42", "[]", "{\"name\":\"x\",}", "{\"a\":01}",
                "{\"a\":1e}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\u0001\"}",
                "/* c */ {}", "{\"a\":-}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":Infinity}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> deep = Arbitraries.integers().between(600, 20_000)
                .map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> deepObjects = Arbitraries.integers().between(600, 5_000)
                .map(depth -> ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200);
        return Arbitraries.oneOf(invalidUtf8, texts, deep, deepObjects, noise);
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.of("Authorization", "Content-Type", "Accept", "Idempotency-Key", "If-None-Match",
                "If-Match", "X-Forwarded-For", "Accept-Charset", "Content-Language", "X-HTTP-Method-Override");
    }

    /** Values the JDK client will put on the wire (it refuses CR, LF and NUL itself). */
    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> fixed = Arbitraries.of("", "Bearer", "Bearer ", "Bearer x", "Basic YTpi", "bearer null",
                "Bearer ' OR '1'='1", "Bearer " + "A".repeat(5000), "application/json; charset=latin1",
                "application/json; charset=utf-16", "application/json; charset=nope", "text/plain", "*/*;q=x",
                "application/xml", "application/json;;;", "multipart/form-data; boundary=", "\"etag\"", "*", "W/\"x\"",
                "DELETE", "1.2.3.4, 5.6.7.8", "unknown", "\u00e9\u00e8", "a,b,c", "=?utf-8?B?AAAA?=", "' OR 1=1 --",
                "%0d%0aSet-Cookie: x", "x".repeat(300));
        Arbitrary<String> random = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60);
        return Arbitraries.oneOf(fixed, random);
    }

    private static String jsonString(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
