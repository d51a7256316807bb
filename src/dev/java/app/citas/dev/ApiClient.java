package app.citas.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/**
 * What the two test clients share: the HTTP one ({@link Api}, a running server) and the in-process one of the tests
 * (app.citas.testing.Api). Each only says how a request is sent; the verbs, sign-in and registration are here.
 */
public interface ApiClient {
    /** Sends a body as given: a String goes raw, anything else is serialised to JSON (see {@link #bodyText}). */
    Reply send(String method, String path, Object body);

    default Reply get(String path) {
        return send("GET", path, null);
    }

    default Reply delete(String path) {
        return send("DELETE", path, null);
    }

    default Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    default Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    default Reply patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    default String token(String username, String password) {
        Reply reply = post("/auth/token", Map.of("username", username, "password", password));
        if (reply.status() != 200) {
            throw new AssertionError("sign-in of " + username + " failed: " + reply);
        }
        return reply.json().get("token").asText();
    }

    /** Registers a customer and returns a token for it. */
    default String newCustomer(String username) {
        String password = "password-of-" + username;
        Reply reply = post("/auth/register", Map.of("username", username, "email", username + "@example.com",
                "password", password, "fullName", "Customer " + username));
        if (reply.status() != 201) {
            throw new AssertionError("registration of " + username + " failed: " + reply);
        }
        return token(username, password);
    }

    /** A request body as text: a String as given, anything else as JSON. */
    static String bodyText(Object body) {
        if (body instanceof String raw) {
            return raw;
        }
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
