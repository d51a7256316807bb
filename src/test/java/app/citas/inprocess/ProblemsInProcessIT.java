package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error is a problem+json document of the same shape, and none shows anything internal. */
class ProblemsInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension();
    /** A class name, a stack frame, SQL or a constraint name: nothing of the inside may reach a client. */
    private static final Pattern INTERNAL = Pattern.compile(
            "(?i)exception|\\bat [a-z]+\\.|\\b(java|jakarta|javax|org|com|app)\\.[a-z]+\\.|hibernate|jackson|psql|sqlstate"
                    + "|\\bselect\\b|\\binsert\\b|_key\\b|_excl\\b|_fkey\\b|\\.java:");
    private static final List<Reply> ERRORS = new ArrayList<>();
    private static Api staff;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
    }

    /** Checks the shape every problem shares and remembers the reply for the check that nothing leaks. */
    private static JsonNode problem(Reply reply, int status) {
        ERRORS.add(reply);
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType(), reply.body());
        JsonNode problem = reply.json();
        assertEquals(status, problem.get("status").asInt(), reply.body());
        assertNotNull(problem.get("type"), reply.body());
        assertFalse(problem.get("title").asText().isBlank(), reply.body());
        return problem;
    }

    @Test
    void problemsAreWordedInTheLanguageTheRequestPrefersAndSayWhichOne() {
        Api spanish = staff.header("Accept-Language", "fr;q=0.9, es-ES;q=0.8, en;q=0.1");
        JsonNode notFound = problem(spanish.get("/services/999999"), 404);
        assertEquals("No encontrado", notFound.get("title").asText(), notFound.toString());
        assertEquals("No se ha encontrado el servicio 999999.", notFound.get("detail").asText());
        Reply invalid = spanish.get("/services?page=0");
        assertEquals("es", invalid.header("Content-Language"));
        JsonNode field = problem(invalid, 400);
        assertEquals("page", field.get("errors").get(0).get("field").asText(), field.toString());
        assertEquals("debe ser 1 o más", field.get("errors").get(0).get("message").asText());

        Reply english = staff.header("Accept-Language", "es;q=0.2, en;q=0.9").get("/services/999999");
        assertEquals("en", english.header("Content-Language"));
        assertEquals("Service 999999 was not found.", problem(english, 404).get("detail").asText());
        Reply malformed = staff.header("Accept-Language", "es;q=nope").get("/services/999999");
        assertEquals("en", malformed.header("Content-Language"));
        assertEquals("Not found", problem(malformed, 404).get("title").asText());
        Reply none = staff.get("/nowhere");
        assertEquals("en", none.header("Content-Language"));
        problem(none, 404);
    }

    @Test
    void fieldMessagesOfBeanValidationAreWordedInTheRequestsLanguageToo() {
        Map<String, Object> bad = Map.of("username", "a b", "email", "not-an-email", "password", "short", "fullName", " ");
        Map<String, String> spanish = messages(CITAS.api().header("Accept-Language", "es").post("/auth/register", bad));
        assertEquals(Map.of("username", "debe tener de 3 a 50 caracteres entre A-Z a-z 0-9 _ . -",
                "password", "debe tener de 10 a 128 caracteres",
                "email", "debe ser una dirección de correo electrónico con formato correcto",
                "fullName", "no debe estar vacío"), spanish);
        Map<String, String> english = messages(CITAS.api().post("/auth/register", bad));
        assertEquals(Map.of("username", "must be 3-50 characters of A-Z a-z 0-9 _ . -",
                "password", "must be 10-128 characters", "email", "must be a well-formed email address",
                "fullName", "must not be blank"), english);
        // A Spanish server still answers an English client in English.
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("es-ES"));
        try {
            assertEquals(english, messages(CITAS.api().header("Accept-Language", "en").post("/auth/register", bad)));
        } finally {
            java.util.Locale.setDefault(before);
        }
        JsonNode service = problem(staff.header("Accept-Language", "es").post("/services", Map.of("name", "X",
                "durationMinutes", 30, "price", "10.00", "currency", "eur")), 400);
        assertEquals("debe ser un código ISO-4217, como EUR",
                service.get("errors").findValue("message").asText(), service.toString());
    }

    private static Map<String, String> messages(Reply reply) {
        Map<String, String> messages = new java.util.TreeMap<>();
        problem(reply, 400).get("errors").forEach(e -> messages.put(e.get("field").asText(), e.get("message").asText()));
        return messages;
    }

    @Test
    void validationFailuresNameEveryField() {
        JsonNode problem = problem(CITAS.api().post("/auth/register", Map.of("username", "a b", "email", "not-an-email",
                "password", "short", "fullName", "X")), 400);
        List<String> fields = problem.get("errors").findValuesAsText("field");
        assertTrue(fields.containsAll(List.of("username", "email", "password")), fields.toString());
        problem.get("errors").forEach(error -> assertFalse(error.get("message").asText().isBlank()));
        JsonNode nested = problem(staff.post("/resources", Map.of("name", "Bad", "kind", "ROOM", "timezone",
                "Europe/Madrid", "workingHours", List.of(Map.of("weekday", 8, "start", "09:00", "end", "13:00")))), 400);
        assertTrue(nested.get("errors").get(0).get("field").asText().startsWith("workingHours[0]"), nested.toString());
        JsonNode missingBody = problem(staff.send("POST", "/categories", null), 400);
        assertNotNull(missingBody.get("detail"));
    }

    @Test
    void unreadableBodiesAre400() {
        JsonNode malformed = problem(CITAS.api().post("/auth/register", "{not json"), 400);
        assertTrue(malformed.get("detail").asText().contains("not valid JSON"), malformed.toString());
        JsonNode unknown = problem(CITAS.api().post("/auth/register", Map.of("username", "someone", "email",
                "u@example.com", "password", "a-long-password", "fullName", "X", "role", "STAFF")), 400);
        assertEquals("role", unknown.get("errors").get(0).get("field").asText());
        JsonNode wrongType = problem(CITAS.api().post("/auth/register", "{\"username\": [12], \"email\": \"a@b.es\", "
                + "\"password\": \"a-long-password\", \"fullName\": \"X\"}"), 400);
        assertEquals("username", wrongType.get("errors").get(0).get("field").asText());
        problem(CITAS.api().post("/auth/register", "\"just a string\""), 400);
        problem(CITAS.api().get("/services?size=abc"), 400);
        assertEquals(0, CITAS.number("select count(*) from users where username = 'someone'"));
    }

    @Test
    void routingErrorsAreProblemsToo() {
        problem(CITAS.api().get("/no-such-thing"), 404);
        problem(CITAS.api().get("/services/987654321"), 404);
        Reply notAllowed = CITAS.api().delete("/services");
        problem(notAllowed, 405);
        Reply unsupported = staff.header("Content-Type", "text/plain").post("/categories", "name=x");
        problem(unsupported, 415);
        problem(CITAS.api().header("Accept", "text/html").get("/services"), 406);
        problem(CITAS.api().get("/me"), 401);
        problem(CITAS.customer().post("/categories", Map.of("name", "X")), 403);
    }

    @Test
    void conflictsAndUnprocessableRequests() {
        String name = CitasExtension.unique("Dup");
        assertEquals(201, staff.post("/categories", Map.of("name", name)).status());
        JsonNode duplicate = problem(staff.post("/categories", Map.of("name", name.toUpperCase())), 409);
        assertFalse(duplicate.get("detail").asText().isBlank());
        JsonNode unknownCategory = problem(staff.post("/services",
                Fixtures.serviceBody("Bad", 30, "1.00", 987654321L, List.of())), 422);
        assertEquals("categoryId", unknownCategory.get("errors").get(0).get("field").asText());
    }

    @AfterAll
    static void noProblemShowsAnythingInternal() {
        assertFalse(ERRORS.isEmpty());
        for (Reply reply : ERRORS) {
            assertFalse(INTERNAL.matcher(reply.body()).find(), "internal detail in " + reply.status() + ": " + reply.body());
        }
    }
}
