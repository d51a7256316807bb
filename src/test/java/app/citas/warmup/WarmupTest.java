package app.citas.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up against a fake application and a clock that advances 10 ms per request: no sleeping. */
class WarmupTest {
    private static final LocalDate DATE = LocalDate.of(2030, 1, 15);
    private final List<String> requested = new ArrayList<>();
    private long now;

    private Warmup warmup(Warmup.Target target) {
        return new Warmup(path -> {
            requested.add(path);
            now += Duration.ofMillis(10).toNanos();
            return target.get(path);
        }, new ObjectMapper(), () -> now, DATE);
    }

    private static Warmup.Reply ok(String json) {
        return new Warmup.Reply(200, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Warmup.Reply catalog(String path) {
        return switch (path) {
            case Warmup.SERVICES_PAGE -> ok("{\"items\":[{\"id\":7},{\"id\":9}],\"page\":1,\"size\":20,\"total\":2}");
            case Warmup.RESOURCES_PAGE -> ok("{\"items\":[{\"id\":3}],\"page\":1,\"size\":20,\"total\":1}");
            default -> ok("{}");
        };
    }

    @Test
    void cyclesThroughTheHotReadsOfTheIdsItFoundUntilTheBudgetIsSpent() {
        Warmup.Result result = warmup(WarmupTest::catalog).run(Duration.ofSeconds(1));

        assertTrue(result.completed());
        assertEquals(100, result.requests(), "1 s at 10 ms a request");
        assertEquals(requested.size(), result.requests());
        assertEquals(Duration.ofSeconds(1), result.took());
        assertEquals(List.of(Warmup.SERVICES_PAGE, Warmup.RESOURCES_PAGE,
                        Warmup.SERVICES_PAGE, Warmup.RESOURCES_PAGE, Warmup.CATEGORIES, "services/7",
                        "services/7/availability?date=2030-01-15", "resources/3",
                        Warmup.SERVICES_PAGE, Warmup.RESOURCES_PAGE, Warmup.CATEGORIES, "services/9",
                        "services/9/availability?date=2030-01-15", "resources/3"),
                requested.subList(0, 14));
        assertEquals(requested.subList(2, 14), requested.subList(14, 26), "then the same cycle again");
    }

    @Test
    void anEmptyCatalogStillWarmsThePages() {
        Warmup.Result result = warmup(path -> ok("{\"items\":[],\"page\":1,\"size\":20,\"total\":0}"))
                .run(Duration.ofMillis(100));

        assertTrue(result.completed());
        assertEquals(List.of(Warmup.SERVICES_PAGE, Warmup.RESOURCES_PAGE, Warmup.SERVICES_PAGE,
                Warmup.RESOURCES_PAGE, Warmup.CATEGORIES, Warmup.SERVICES_PAGE, Warmup.RESOURCES_PAGE,
                Warmup.CATEGORIES, Warmup.SERVICES_PAGE, Warmup.RESOURCES_PAGE), requested);
    }

    @Test
    void theFirstServerErrorEndsIt() {
        Warmup.Result result = warmup(path -> path.equals(Warmup.CATEGORIES) ? new Warmup.Reply(503, new byte[0])
                : catalog(path)).run(Duration.ofSeconds(60));

        assertFalse(result.completed());
        assertEquals(5, requested.size(), "stopped at the first 503");
        assertEquals(Warmup.CATEGORIES, requested.get(4));
        assertEquals(4, result.requests(), "the failed one is not counted");
    }

    @Test
    void anExceptionEndsItWithoutThrowing() {
        Warmup.Result result = warmup(path -> {
            throw new IllegalStateException("database down");
        }).run(Duration.ofSeconds(60));

        assertFalse(result.completed());
        assertEquals(0, result.requests());
        assertEquals(1, requested.size());
    }

    @Test
    void notFoundAndUnreadablePagesAreNoFailure() {
        Warmup.Result result = warmup(path -> path.startsWith("services") ? new Warmup.Reply(404, new byte[0])
                : ok("not json")).run(Duration.ofMillis(50));

        assertTrue(result.completed());
        assertEquals(5, result.requests());
    }
}
