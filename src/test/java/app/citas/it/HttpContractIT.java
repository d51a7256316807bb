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

    /** One request on a fresh socket, its bytes written in full before anything is read; the whole answer. */
    private static String raw(TestStack stack, String head, byte[] body) throws Exception {
        java.net.URI base = java.net.URI.create(stack.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            String path = base.getPath();
            out.write(head.replace("{base}", path).replace("{root}", path.replace("/api/v1", ""))
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyOverTheLimitSentInFullBeforeReadingStillGetsItsProblem(TestStack stack) throws Exception {
        byte[] body = new byte[2 * 65536];
        java.util.Arrays.fill(body, (byte) 'x');
        String answer = raw(stack, "POST {base}/auth/register HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nAccept-Language: es\r\nContent-Length: " + body.length
                + "\r\n\r\n", body);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
        assertTrue(answer.contains("Content-Language: es"), answer);
        assertTrue(answer.contains("\"title\":\"Contenido demasiado grande\""), answer);
        assertFalse(answer.contains("Exception") || answer.contains("org."), answer);
    }

    @Test
    void theErrorPageOutsideTheApiSpeaksSpanishWhenAsked(TestStack stack) throws Exception {
        String answer = raw(stack, "GET {root}/not-the-api HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept-Language: es-ES, en;q=0.5\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
        assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
        assertTrue(answer.contains("Content-Language: es"), answer);
        assertTrue(answer.contains("\"detail\":\"La solicitud ha fallado.\""), answer);
    }

    @Test
    void anEncodedSlashInThePathIsTheApisOwnProblem(TestStack stack) throws Exception {
        String answer = raw(stack, "GET {base}/services/1%2F2 HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept-Language: es\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
        assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
        assertTrue(answer.contains("Content-Language: es"), answer);
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
                Map.entry("/resources/{id}/time-off", List.of("get", "post")),
                Map.entry("/resources/{id}/time-off/{timeOffId}", List.of("delete")),
                Map.entry("/resources/{id}/date-overrides", List.of("get")),
                Map.entry("/resources/{id}/date-overrides/{date}", List.of("put", "delete")),
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
