package app.citas.dev;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the test clients and {@link Reply}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
