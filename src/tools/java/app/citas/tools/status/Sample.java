package app.citas.tools.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything status.sh shows, read at one moment; counters become rates by comparing two samples. */
record Sample(Instant at, long nanos, List<Executor> executors, Heap heap, List<Connector> connectors,
              List<Pool> pools, List<CacheRegion> caches, List<Quota> quotas, List<Statements> statements) {

    record Executor(String name, long busy, long started, long max, long queued) {
    }

    record Heap(long used, long max) {
    }

    /** A Tomcat GlobalRequestProcessor: errors are responses with status 400 or more. */
    record Connector(String name, long requests, long errors, long processingMillis) {
    }

    record Pool(String name, long active, long idle, long waiting, long total) {
    }

    record CacheRegion(String name, long hits, long misses, double hitRatio, long errors, boolean redisReachable) {
    }

    record Quota(String name, List<RoleCount> roles, String mode, String limits) {
    }

    record RoleCount(String role, long allowed, long refused) {
    }

    record Statements(String name, long count) {
    }

    static <T> Optional<T> named(List<T> items, String name, java.util.function.Function<T, String> nameOf) {
        return items.stream().filter(item -> nameOf.apply(item).equals(name)).findFirst();
    }
}
