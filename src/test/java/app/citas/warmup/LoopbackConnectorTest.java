package app.citas.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopbackConnectorTest {
    private static Optional<LoopbackConnector> from(Map<String, String> properties) {
        return LoopbackConnector.fromProperties(properties::get);
    }

    @Test
    void aWildcardAddressIsReachedThroughLoopback() {
        assertEquals(URI.create("http://127.0.0.1:8080/citas/api/v1/"),
                from(Map.of("citas.http.port", "8080", "citas.http.address", "0.0.0.0")).orElseThrow()
                        .apiRoot("/citas/api/v1"));
        assertEquals("127.0.0.1", from(Map.of("citas.http.port", "8080")).orElseThrow().host());
        assertEquals("127.0.0.1", from(Map.of("citas.http.port", "8080", "citas.http.address", "::")).orElseThrow().host());
    }

    @Test
    void aBoundAddressIsUsedAsItIs() {
        assertEquals("127.0.0.2", from(Map.of("citas.http.port", "1", "citas.http.address", "127.0.0.2"))
                .orElseThrow().host());
        assertEquals(URI.create("http://[::1]:18080/citas/api/v1/"),
                from(Map.of("citas.http.port", "18080", "citas.http.address", "::1")).orElseThrow()
                        .apiRoot("/citas/api/v1"));
    }

    @Test
    void noPortNoConnector() {
        assertEquals(Optional.empty(), from(Map.of()));
        assertEquals(Optional.empty(), from(Map.of("citas.http.port", "${citas.http.port}")));
    }
}
