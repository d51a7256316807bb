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
}
