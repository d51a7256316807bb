package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.citas.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The wire form of every kind of problem: clients and the contract tests depend on these exact strings. */
class ProblemsTest {
    private static final ObjectMapper JSON = new JsonMapper().mapper();
    private static final Locale EN = Languages.ENGLISH;
    private static final Locale ES = Languages.SPANISH;

    private static String json(ProblemDraft problem, Locale locale) throws Exception {
        return JSON.writeValueAsString(problem.in(locale));
    }

    @Test
    void aProblemOfItsOwnKind() throws Exception {
        assertEquals("{\"type\":\"https://citas.app/problems/validation\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The request has invalid fields.\",\"errors\":[{\"field\":\"page\","
                        + "\"message\":\"must be 1 or more\"}]}",
                json(ApiException.invalidField("page", Problems.text("param.page")).draft(), EN));
        assertEquals("{\"type\":\"https://citas.app/problems/validation\",\"title\":\"Solicitud no válida\",\"status\":400,"
                        + "\"detail\":\"La solicitud tiene campos no válidos.\",\"errors\":[{\"field\":\"page\","
                        + "\"message\":\"debe ser 1 o más\"}]}",
                json(ApiException.invalidField("page", Problems.text("param.page")).draft(), ES));
    }

    @Test
    void aStatusWithNothingMoreToSay() {
        assertEquals(new Problem("https://citas.app/problems/http-405", "Method Not Allowed", 405,
                "This method is not allowed on this resource.", null, null), Problems.forStatus(405).in(EN));
        assertEquals(new Problem("https://citas.app/problems/http-405", "Método no permitido", 405,
                "Este método no está permitido en este recurso.", null, null), Problems.forStatus(405).in(ES));
        assertEquals(new Problem("https://citas.app/problems/http-400", "Bad Request", 400,
                "The request could not be read.", null, null), Problems.forStatus(400).in(EN));
        assertEquals(new Problem("https://citas.app/problems/http-418", "Error", 418, "The request failed.", null, null),
                Problems.forStatus(418).in(EN));
    }

    @Test
    void anInternalErrorShowsOnlyItsId() throws Exception {
        assertEquals("{\"type\":\"https://citas.app/problems/internal\",\"title\":\"Internal server error\","
                        + "\"status\":500,\"detail\":\"Something went wrong on our side. Quote errorId abc when "
                        + "reporting it.\",\"errorId\":\"abc\"}",
                json(Problems.internal("abc"), EN));
    }

    @Test
    void theFixedProblemsOfFiltersAndTheErrorPage() {
        assertEquals(new Problem("https://citas.app/problems/unavailable", "Service unavailable", 503,
                "The service is temporarily unable to reach its database. Retry shortly.", null, null),
                Problems.unavailable().in(EN));
        assertEquals(new Problem("https://citas.app/problems/throttled", "Too many requests", 429,
                "Request was throttled. Expected available in 7 seconds.", null, null), Problems.throttled(7).in(EN));
        assertEquals(new Problem("https://citas.app/problems/body-too-large", "Content too large", 413,
                "The request body is larger than 1024 bytes.", null, null), Problems.bodyTooLarge(1024).in(EN));
        assertEquals(new Problem("https://citas.app/problems/body-too-large", "Contenido demasiado grande", 413,
                "El cuerpo de la solicitud supera los 65536 bytes.", null, null), Problems.bodyTooLarge(65536).in(ES));
        assertEquals(new Problem("https://citas.app/problems/http-404", "Error", 404, "The request failed.", null, null),
                Problems.errorPage(404).in(EN));
    }

    @Test
    void anApiExceptionCarriesItsProblemAndHeaders() {
        ApiException throttled = ApiException.throttled(3);
        assertEquals(Problems.throttled(3), throttled.draft());
        assertEquals("3", throttled.headers().get("Retry-After"));
        assertEquals(List.of(new FieldError("page", "must be 1 or more")),
                ApiException.unprocessable("page", Problems.text("param.page")).problem().errors());
    }
}
