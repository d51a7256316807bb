package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class HealthIT {
    @Test
    void reportsDatabaseAndRedisUp(TestStack stack) {
        Reply health = stack.api().get("/health");
        assertEquals(200, health.status(), health.body());
        assertEquals("UP", health.json().get("status").asText());
        assertEquals("UP", health.json().get("checks").get("database").asText());
        assertEquals("UP", health.json().get("checks").get("redis").asText());
    }

    @Test
    void startsWithOneLineSayingWhatIsInForceAndNoWarnings(TestStack stack) throws IOException {
        List<String> lines = stack.tomcatConsole().lines().toList();
        List<String> started = lines.stream().filter(line -> line.contains("Citas started")).toList();
        assertEquals(1, started.size(), "one start-up line");
        String line = started.get(0);
        for (String part : List.of("pool=", "redis=", "cache=on", "ttl", "quotas=anon", "redis UP", "JDK ", "executor platform",
                "maxThreads ")) {
            assertTrue(line.contains(part), part + " in " + line);
        }
        List<String> warnings = lines.subList(0, lines.indexOf(line)).stream()
                .filter(l -> l.contains(" WARN ") || l.contains(" WARNING ") || l.contains(" SEVERE ")).toList();
        assertEquals(List.of(), warnings, "a clean start");
    }

    /** The warm-up ends before Tomcat starts its connector, so no request (not even /health) is answered before. */
    @Test
    void warmsUpBeforeTheConnectorStarts(TestStack stack) throws IOException {
        List<String> lines = stack.tomcatConsole().lines().toList();
        int warmup = indexOf(lines, "warm-up: ");
        int connector = indexOf(lines, "Starting ProtocolHandler");
        assertTrue(warmup >= 0, "a warm-up line");
        assertTrue(connector > warmup, "the connector starts after the warm-up: " + lines);
        assertTrue(lines.get(warmup).matches(".*warm-up: [1-9][0-9]* requests in [0-9.]+ s.*"), lines.get(warmup));
    }

    /**
     * Then it warms up again through its own connector (Tomcat's request path and the servlet filters), and the
     * stack, which waits for /health to answer 200, was handed over only after that ended.
     */
    @Test
    void thenWarmsUpThroughItsConnectorBeforeReportingUp(TestStack stack) throws IOException {
        List<String> lines = stack.tomcatConsole().lines().toList();
        int connector = indexOf(lines, "Starting ProtocolHandler");
        int overHttp = indexOf(lines, "warm-up over HTTP: ");
        assertTrue(overHttp > connector, "the warm-up over HTTP after the connector starts: " + lines);
        assertTrue(lines.get(overHttp).matches(
                ".*warm-up over HTTP: [1-9][0-9]* requests by [1-4] threads in [0-9.]+ s \\(ended by the .*\\)"),
                lines.get(overHttp));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
