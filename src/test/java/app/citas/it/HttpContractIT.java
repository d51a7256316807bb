package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cross-cutting HTTP behaviour: error shapes for the container's own errors, OpenAPI, headers. */
@ExtendWith(StackExtension.class)
class HttpContractIT {

    private static void assertProblem(Reply reply, int status) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        JsonNode problem = reply.json();
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.hasNonNull("type") && problem.hasNonNull("title") && problem.hasNonNull("detail"));
        assertFalse(reply.body().contains("Exception") || reply.body().contains("at app.citas")
                || reply.body().contains("org.") || reply.body().toLowerCase().contains("select "), reply.body());
    }

    @Test
    void containerErrorsAreProblems(TestStack stack) {
        assertProblem(stack.api().get("/no-such-thing"), 404);
        assertProblem(stack.api().get("/services/not-a-number"), 404);
        assertProblem(stack.api().send("DELETE", "/categories", null), 405);
        assertProblem(stack.api().header("Content-Type", "text/plain").send("POST", "/auth/token", null), 415);
        // A Content-Type Jersey cannot parse once gave a 500 (found by HostileInputIT with seed 6216516178543633070).
        assertProblem(stack.api().header("Content-Type", "*/*;q=x").send("POST", "/auth/register", null), 400);
        assertProblem(stack.api().header("Content-Type", "*/*;q=x").send("PUT", "/categories/1", null), 400);
        // No body where one is required is the client's 400, blank or null alike.
        for (String nothing : new String[] {"", " ", "null"}) {
            assertProblem(stack.api().send("POST", "/auth/register", nothing), 400);
        }
        assertProblem(new app.citas.dev.Api(stack.baseUrl().replace("/api/v1", "")).get("/not-the-api"), 404);
        Reply xml = stack.api().header("Accept", "application/xml").get("/services");
        assertEquals(406, xml.status());
    }

    @Test
    void noServerBannerOrSessionCookie(TestStack stack) {
        Reply reply = stack.api().get("/services");
        assertNull(reply.header("Server"));
        assertNull(reply.header("X-Powered-By"));
        assertNull(reply.header("Set-Cookie"));
    }

    @Test
    void openApiDescribesTheContract(TestStack stack) {
        Reply reply = stack.api().get("/openapi.json");
        assertEquals(200, reply.status());
        JsonNode api = reply.json();
        assertTrue(api.get("openapi").asText().startsWith("3.1"), api.get("openapi").asText());
        Map<String, List<String>> contract = Map.ofEntries(
                Map.entry("/auth/register", List.of("post")),
                Map.entry("/auth/token", List.of("post", "delete")),
                Map.entry("/me", List.of("get")),
                Map.entry("/categories", List.of("get", "post")),
                Map.entry("/categories/{id}", List.of("put", "delete")),
                Map.entry("/services", List.of("get", "post")),
                Map.entry("/services/{id}", List.of("get", "put", "delete")),
                Map.entry("/services/{id}/availability", List.of("get")),
                Map.entry("/resources", List.of("get", "post")),
                Map.entry("/resources/{id}", List.of("get", "put", "delete")),
                Map.entry("/appointments", List.of("get", "post")),
                Map.entry("/appointments/{id}", List.of("get", "patch")),
                Map.entry("/appointments/{id}/cancel", List.of("post")),
                Map.entry("/health", List.of("get")));
        JsonNode paths = api.get("paths");
        contract.forEach((path, methods) -> {
            assertTrue(paths.has(path), "missing path " + path + " in " + paths.fieldNames());
            for (String method : methods) {
                JsonNode operation = paths.get(path).get(method);
                assertTrue(operation != null, "missing " + method + " " + path);
                assertTrue(operation.get("responses").size() > 0, method + " " + path + " documents its statuses");
            }
        });
        JsonNode services = paths.get("/services").get("get");
        List<String> parameters = services.get("parameters").findValuesAsText("name");
        assertTrue(parameters.containsAll(List.of("category", "q", "active", "sort", "page", "size")), parameters.toString());
        assertTrue(paths.get("/appointments").get("post").has("requestBody"));
    }
}
