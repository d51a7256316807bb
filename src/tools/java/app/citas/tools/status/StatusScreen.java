package app.citas.tools.status;

import app.citas.tools.status.Sample.CacheRegion;
import app.citas.tools.status.Sample.Connector;
import app.citas.tools.status.Sample.Executor;
import app.citas.tools.status.Sample.Heap;
import app.citas.tools.status.Sample.Pool;
import app.citas.tools.status.Sample.Quota;
import app.citas.tools.status.Sample.RoleCount;
import app.citas.tools.status.Sample.Statements;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders two samples of one Tomcat as one screen of text: current gauges, and counters as rates over the gap. */
final class StatusScreen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final long MIB = 1024 * 1024;

    private final String target;

    /** target: what was read, e.g. "127.0.0.1:9010 as monitor". */
    StatusScreen(String target) {
        this.target = target;
    }

    String render(Sample previous, Sample current) {
        double seconds = Math.max(1e-3, (current.nanos() - previous.nanos()) / 1e9);
        String window = format("%.1f s", seconds);
        StringBuilder out = new StringBuilder();
        line(out, format("Citas  %s  %s  (rates over the last %s)", target, TIME.format(current.at()), window));
        out.append('\n');
        threads(out, current.executors());
        requests(out, previous, current, seconds, window);
        heap(out, current.heap());
        pools(out, current.pools());
        statements(out, previous, current, seconds);
        caches(out, previous, current, window);
        quotas(out, previous, current, window);
        redis(out, current);
        return out.toString();
    }

    private static void threads(StringBuilder out, List<Executor> executors) {
        if (executors.isEmpty()) {
            row(out, "Threads", "no thread-pool executor MBean (CITAS_EXECUTOR=virtual has no pool, or no shared executor)");
        }
        for (Executor e : executors) {
            row(out, "Threads", format("%s: %d busy of %d started (max %d), queue %d", e.name(), e.busy(),
                    e.started(), e.max(), e.queued()));
        }
    }

    private static void requests(StringBuilder out, Sample previous, Sample current, double seconds, String window) {
        if (current.connectors().isEmpty()) {
            row(out, "Requests", "no Tomcat request processor MBean");
        }
        for (Connector now : current.connectors()) {
            Optional<Connector> before = Sample.named(previous.connectors(), now.name(), Connector::name);
            long requests = delta(before.map(Connector::requests), now.requests());
            long errors = delta(before.map(Connector::errors), now.errors());
            long millis = delta(before.map(Connector::processingMillis), now.processingMillis());
            String average = requests == 0 ? "-" : format("%.1f ms", (double) millis / requests);
            row(out, "Requests", format("%s: %.1f req/s, %d errors (status >= 400) in %s, avg %s; %d requests,"
                    + " %d errors since start", now.name(), requests / seconds, errors, window, average,
                    now.requests(), now.errors()));
        }
    }

    private static void heap(StringBuilder out, Heap heap) {
        if (heap == null) {
            row(out, "Heap", "n/a");
        } else if (heap.max() <= 0) {
            row(out, "Heap", format("%d MiB used (no maximum)", heap.used() / MIB));
        } else {
            row(out, "Heap", format("%d MiB used of %d MiB (%.0f%%)", heap.used() / MIB, heap.max() / MIB,
                    100.0 * heap.used() / heap.max()));
        }
    }

    private static void pools(StringBuilder out, List<Pool> pools) {
        if (pools.isEmpty()) {
            row(out, "DB pool", "no HikariCP pool MBean (is Citas deployed?)");
        }
        for (Pool p : pools) {
            row(out, "DB pool", format("%s: %d active, %d idle, %d waiting, %d total", p.name(), p.active(),
                    p.idle(), p.waiting(), p.total()));
        }
    }

    private static void statements(StringBuilder out, Sample previous, Sample current, double seconds) {
        for (Statements now : current.statements()) {
            long count = delta(Sample.named(previous.statements(), now.name(), Statements::name)
                    .map(Statements::count), now.count());
            row(out, "SQL" + suffix(now.name()), format("%.1f statements/s; %d since start", count / seconds,
                    now.count()));
        }
    }

    private static void caches(StringBuilder out, Sample previous, Sample current, String window) {
        if (current.caches().isEmpty()) {
            row(out, "Cache", "no citas:type=Cache MBeans (cache off, or Citas not deployed)");
            return;
        }
        row(out, "Cache", format("%-14s %-16s %-22s %s", "region", "hit ratio", "last " + window, "errors"));
        for (CacheRegion now : current.caches()) {
            Optional<CacheRegion> before = Sample.named(previous.caches(), now.name(), CacheRegion::name);
            long hits = delta(before.map(CacheRegion::hits), now.hits());
            long reads = hits + delta(before.map(CacheRegion::misses), now.misses());
            String recent = reads == 0 ? "no reads" : format("%.1f%% of %d reads", 100.0 * hits / reads, reads);
            row(out, "", format("%-14s %-16s %-22s %d", now.name(), format("%.1f%%", 100 * now.hitRatio()), recent,
                    now.errors()));
        }
    }

    private static void quotas(StringBuilder out, Sample previous, Sample current, String window) {
        if (current.quotas().isEmpty()) {
            row(out, "Quota", "no citas:type=Quota MBean (quotas off, or Citas not deployed)");
            return;
        }
        for (Quota now : current.quotas()) {
            List<RoleCount> before = Sample.named(previous.quotas(), now.name(), Quota::name)
                    .map(Quota::roles).orElse(List.of());
            row(out, "Quota" + suffix(now.name()), format("%-14s %-16s %-22s limits/hour %s", "role", "allowed",
                    "refused (last " + window + ")", now.limits()));
            for (RoleCount role : now.roles()) {
                long refused = delta(Sample.named(before, role.role(), RoleCount::role).map(RoleCount::refused),
                        role.refused());
                row(out, "", format("%-14s %-16d %d (+%d)", role.role(), role.allowed(), role.refused(), refused));
            }
        }
    }

    private static void redis(StringBuilder out, Sample current) {
        if (current.caches().isEmpty() && current.quotas().isEmpty()) {
            row(out, "Redis", "unknown: no Citas MBeans");
            return;
        }
        StringBuilder state = new StringBuilder();
        if (!current.caches().isEmpty()) {
            boolean reachable = current.caches().stream().allMatch(CacheRegion::redisReachable);
            state.append(reachable ? "reachable" : "UNREACHABLE (cache bypassed, reads go to PostgreSQL)");
        }
        for (Quota quota : current.quotas()) {
            state.append(state.length() == 0 ? "" : "; ").append("quota buckets ")
                    .append("shared".equals(quota.mode()) ? "shared in Redis" : quota.mode().toUpperCase(Locale.ROOT)
                            + " (per node, Redis unreachable)");
        }
        row(out, "Redis", state.toString());
    }

    /** The growth of a counter; a counter lower than before was reset (a redeploy), so all of it is new. */
    private static long delta(Optional<Long> before, long now) {
        long previous = before.orElse(now);
        return now >= previous ? now - previous : now;
    }

    private static String suffix(String label) {
        return label.isEmpty() ? "" : " [" + label + "]";
    }

    private static void row(StringBuilder out, String heading, String text) {
        line(out, format("%-10s %s", heading, text));
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
