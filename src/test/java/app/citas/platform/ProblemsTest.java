package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.citas.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire form of every kind of problem: clients and the contract tests depend on these exact strings. */
class ProblemsTest {
    private static final ObjectMapper JSON = new JsonMapper().mapper();

    private static String json(Problem problem) throws Exception {
        return JSON.writeValueAsString(problem);
    }

    @Test
    void aProblemOfItsOwnKind() throws Exception {
        assertEquals("{\"type\":\"https://citas.app/problems/too-many-upcoming\",\"title\":\"Too many upcoming\","
                        + "\"status\":409,\"detail\":\"Cancel one.\"}",
                json(Problems.of(409, "too-many-upcoming", "Too many upcoming", "Cancel one.")));
        assertEquals("{\"type\":\"https://citas.app/problems/validation\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The request has invalid fields.\",\"errors\":[{\"field\":\"name\","
                        + "\"message\":\"must not be blank\"}]}",
                json(ApiException.invalidField("name", "must not be blank").problem()));
    }

    @Test
    void aStatusWithNothingMoreToSay() {
        assertEquals(new Problem("https://citas.app/problems/http-405", "Method Not Allowed", 405,
                "This method is not allowed on this resource.", null, null), Problems.forStatus(405));
        assertEquals(new Problem("https://citas.app/problems/http-400", "Bad Request", 400,
                "The request could not be read.", null, null), Problems.forStatus(400));
        assertEquals(new Problem("https://citas.app/problems/http-418", "Error", 418, "The request failed.", null, null),
                Problems.forStatus(418));
    }

    @Test
    void anInternalErrorShowsOnlyItsId() throws Exception {
        assertEquals("{\"type\":\"https://citas.app/problems/internal\",\"title\":\"Internal server error\","
                        + "\"status\":500,\"detail\":\"Something went wrong on our side. Quote errorId abc when "
                        + "reporting it.\",\"errorId\":\"abc\"}",
                json(Problems.internal("abc")));
    }

    @Test
    void theFixedProblemsOfFiltersAndTheErrorPage() {
        assertEquals(new Problem("https://citas.app/problems/unavailable", "Service unavailable", 503,
                "The service is temporarily unable to reach its database. Retry shortly.", null, null),
                Problems.unavailable());
        assertEquals(new Problem("https://citas.app/problems/throttled", "Too many requests", 429,
                "Request was throttled. Expected available in 7 seconds.", null, null), Problems.throttled(7));
        assertEquals(new Problem("https://citas.app/problems/body-too-large", "Content too large", 413,
                "The request body is larger than 1024 bytes.", null, null), Problems.bodyTooLarge(1024));
        assertEquals(new Problem("https://citas.app/problems/http-404", "Error", 404, "The request failed.", null, null),
                Problems.errorPage(404));
    }

    @Test
    void anApiExceptionCarriesItsProblemAndHeaders() {
        ApiException throttled = ApiException.throttled(3);
        assertEquals(Problems.throttled(3), throttled.problem());
        assertEquals("3", throttled.headers().get("Retry-After"));
        assertEquals(List.of(new FieldError("serviceId", "the service is not active")),
                ApiException.unprocessable("serviceId", "the service is not active").problem().errors());
        assertEquals("Appointment 9 was not found.", ApiException.notFound("Appointment 9").getMessage());
    }
}
