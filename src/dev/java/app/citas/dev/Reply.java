package app.citas.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An answer of the API as the test clients see it: status, headers (any case) and the body as text. */
public record Reply(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
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
