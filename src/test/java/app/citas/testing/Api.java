package app.citas.testing;

import app.citas.testing.ServletDoubles.RequestSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-process API client of the tests: JSON in, JSON out, optional bearer token and headers; paths are below the
 * API root ({@code /appointments}). Immutable: {@link #as} and {@link #header} return a new client.
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InProcessHttp http;
    private final Map<String, List<String>> headers;
    private final String remoteAddress;

    Api(InProcessHttp http) {
        this(http, new TreeMap<>(String.CASE_INSENSITIVE_ORDER), "127.0.0.1");
    }

    private Api(InProcessHttp http, Map<String, List<String>> headers, String remoteAddress) {
        this.http = http;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
    }

    public Api as(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public Api header(String name, String value) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put(name, List.of(value));
        return new Api(http, copy, remoteAddress);
    }

    /** The same client calling from another address (the servlet request's remote address). */
    public Api from(String address) {
        return new Api(http, headers, address);
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    /** A String body goes as given, anything else as JSON; Content-Type application/json unless set by header(). */
    public Reply send(String method, String path, Object body) {
        byte[] bytes = body == null ? null
                : (body instanceof String raw ? raw : toJson(body)).getBytes(StandardCharsets.UTF_8);
        return send(method, path, bytes, false);
    }

    /** Sends raw bytes; chunked means no Content-Length, as a streamed body of unknown length arrives. */
    public Reply send(String method, String path, byte[] body, boolean chunked) {
        Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requestHeaders.putAll(headers);
        if (body != null) {
            requestHeaders.putIfAbsent("Content-Type", List.of("application/json"));
            if (chunked) {
                requestHeaders.put("Transfer-Encoding", List.of("chunked"));
            } else {
                requestHeaders.put("Content-Length", List.of(String.valueOf(body.length)));
            }
        }
        ServletDoubles.Response response = http.exchange(
                new RequestSpec(method, path, requestHeaders, body, chunked, remoteAddress));
        return new Reply(response.status(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
    }

    public String token(String username, String password) {
        Reply reply = post("/auth/token", Map.of("username", username, "password", password));
        if (reply.status() != 200) {
            throw new AssertionError("sign-in of " + username + " failed: " + reply);
        }
        return reply.json().get("token").asText();
    }

    /** Registers a customer and returns a token for it. */
    public String newCustomer(String username) {
        String password = "password-of-" + username;
        Reply reply = post("/auth/register", Map.of("username", username, "email", username + "@example.com",
                "password", password, "fullName", "Customer " + username));
        if (reply.status() != 201) {
            throw new AssertionError("registration of " + username + " failed: " + reply);
        }
        return token(username, password);
    }

    static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public List<String> headerValues(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .<List<String>>map(e -> new ArrayList<>(e.getValue())).findFirst().orElse(List.of());
        }

        public String contentType() {
            return header("Content-Type");
        }
    }
}
