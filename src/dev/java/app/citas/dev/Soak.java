package app.citas.dev;

import app.citas.dev.MixedLoad.Lane;
import app.citas.dev.MixedLoad.Window;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * scripts/soak.sh: the mixed workload of the fault tests ({@link MixedLoad}) for a fixed time against a running
 * stack, then the checks: no failed request, as many appointments in the database as 201s received, no overlaps,
 * heap after a full GC flat from minute 2 to the end (read over JMX each minute).
 *
 * <pre>
 *   Soak --url http://127.0.0.1:PORT/citas/api/v1 --jmx 127.0.0.1:PORT --staff USER --minutes N
 *        [--rate REQUESTS_PER_SECOND | auto] [--lanes N] [--out FILE]
 * </pre>
 * The staff password comes from SOAK_STAFF_PASSWORD, the database from CITAS_DB_URL / CITAS_DB_USER /
 * CITAS_DB_PASSWORD. Exit status 0 when every check passes, 1 otherwise.
 */
public final class Soak {
    /** Heap growth from minute 2 to the end still counted as flat: GC noise, caches of a warming JIT. */
    private static final long HEAP_SLACK_BYTES = 16L << 20;
    private static final double HEAP_SLACK_RATIO = 0.10;
    private static final double P99_TARGET_MILLIS = 100;
    private static final Duration PROBE_STEP = Duration.ofSeconds(40);
    private static final Duration PROBE_WARM_UP = Duration.ofSeconds(10);

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.get("--url");
        String host = URI.create(url).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("the soak loads loopback only, not " + host);
        }
        int minutes = Integer.parseInt(options.getOrDefault("--minutes", "10"));
        int laneCount = Integer.parseInt(options.getOrDefault("--lanes", "8"));
        Api anonymous = new Api(url);
        Api staff = anonymous.as(anonymous.token(options.get("--staff"), System.getenv("SOAK_STAFF_PASSWORD")));
        List<String> report = new ArrayList<>();
        String rateOption = options.getOrDefault("--rate", "20");
        int rate = rateOption.equals("auto") ? highestRateUnderP99Target(url, staff, anonymous, laneCount, report)
                : Integer.parseInt(rateOption);
        List<Lane> lanes = MixedLoad.createLanes(staff, anonymous, "soak-" + Instant.now().getEpochSecond(), laneCount);
        report.add(String.format(Locale.ROOT, "soak: %d min at %d req/s (%d bookings/s by %d customers), started %s",
                minutes, rate, rate / 5, laneCount, Instant.now()));

        List<Long> heapAfterGc = new ArrayList<>();
        MixedLoad load = new MixedLoad(url, lanes, LocalDate.now(ZoneId.of("Europe/Madrid")).plusDays(1), rate,
                32, Duration.ofSeconds(30));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://" + options.get("--jmx") + "/jmxrmi"))) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            heapAfterGc.add(heapAfterFullGc(server));
            long start = System.nanoTime();
            load.start(Duration.ofMinutes(minutes).plusSeconds(5));
            for (int minute = 1; minute <= minutes; minute++) {
                long minuteEnd = start + Duration.ofMinutes(minute).toNanos();
                Thread.sleep(Math.max(0, (minuteEnd - System.nanoTime()) / 1_000_000));
                heapAfterGc.add(heapAfterFullGc(server));
                report.add(String.format(Locale.ROOT, "minute %2d: heap after GC %6.1f MB, %s", minute,
                        heapAfterGc.get(minute) / 1048576.0,
                        load.window(minuteEnd - Duration.ofMinutes(1).toNanos(), minuteEnd).summary()));
                System.out.println(report.get(report.size() - 1));
            }
            load.stop();
        }
        int printed = report.size();
        boolean passed = check(load, lanes, heapAfterGc, report);
        report.subList(printed, report.size()).forEach(System.out::println);
        String text = String.join("\n", report) + "\n";
        if (options.containsKey("--out")) {
            Files.writeString(Path.of(options.get("--out")), text);
        }
        System.exit(passed ? 0 : 1);
    }

    /**
     * --rate auto: steps of 40 s at doubling rates (10, 20, 40 … 640 requests/s), each on fresh customers, judged on
     * its last 30 s; the highest rate with p99 under 100 ms, no error and no dropped tick is the soak's rate.
     */
    private static int highestRateUnderP99Target(String url, Api staff, Api anonymous, int laneCount, List<String> report)
            throws Exception {
        int best = 0;
        for (int rate = 10; rate <= 640; rate *= 2) {
            List<Lane> lanes = MixedLoad.createLanes(staff, anonymous, "probe-" + rate + "-" + Instant.now().getEpochSecond(),
                    laneCount);
            Window judged;
            long dropped;
            try (MixedLoad step = new MixedLoad(url, lanes, LocalDate.now(ZoneId.of("Europe/Madrid")).plusDays(1), rate,
                    32, Duration.ofSeconds(30))) {
                long start = System.nanoTime();
                step.start(PROBE_STEP.plusSeconds(5));
                Thread.sleep(PROBE_STEP.toMillis());
                step.stop();
                judged = step.window(start + PROBE_WARM_UP.toNanos(), start + PROBE_STEP.toNanos());
                dropped = step.dropped();
            }
            boolean under = judged.percentileMillis(99) < P99_TARGET_MILLIS && judged.errors() == 0 && dropped == 0;
            report.add(String.format(Locale.ROOT, "rate search: %d req/s -> %s, dropped %d: %s", rate, judged.summary(),
                    dropped, under ? "under the p99 target" : "over it"));
            System.out.println(report.get(report.size() - 1));
            if (!under) {
                break;
            }
            best = rate;
        }
        int chosen = Math.max(best, 5);
        report.add("rate search: soaking at " + chosen + " req/s (p99 target " + P99_TARGET_MILLIS + " ms)");
        System.out.println(report.get(report.size() - 1));
        return chosen;
    }

    private static boolean check(MixedLoad load, List<Lane> lanes, List<Long> heapAfterGc, List<String> report)
            throws Exception {
        Window all = load.all();
        report.add("all requests: " + all.summary() + ", dropped ticks " + load.dropped());
        report.add("by kind: catalog " + all.ofKind("catalog").summary() + "; availability "
                + all.ofKind("availability").summary() + "; booking " + all.ofKind("booking").summary());
        boolean passed = verdict(report, all.errors() == 0, "zero errors (" + all.errors() + "; last unexpected: "
                + load.lastUnexpected() + ")");
        passed &= verdict(report, load.dropped() == 0, "the client kept the fixed rate (dropped ticks: "
                + load.dropped() + ")");
        try (Connection db = DriverManager.getConnection(System.getenv("CITAS_DB_URL"),
                System.getenv().getOrDefault("CITAS_DB_USER", "postgres"),
                System.getenv().getOrDefault("CITAS_DB_PASSWORD", ""))) {
            List<Long> resources = lanes.stream().map(Lane::resourceId).toList();
            long stored = Ledger.appointments(db, resources);
            long found = Ledger.confirmed(db, load.bookedIds());
            passed &= verdict(report, stored == load.bookedIds().size() && found == stored && load.bookedTwice().isEmpty(),
                    "appointments in the database = 201s received (" + stored + " stored, " + load.bookedIds().size()
                            + " 201s, " + found + " of them found by id)");
            long overlaps = Ledger.overlaps(db, resources);
            passed &= verdict(report, overlaps == 0, "no overlapping appointments (" + overlaps + ")");
        }
        if (heapAfterGc.size() > 3) {
            long fromMinute2 = heapAfterGc.get(2);
            long atEnd = heapAfterGc.get(heapAfterGc.size() - 1);
            long allowed = Math.max(HEAP_SLACK_BYTES, (long) (fromMinute2 * HEAP_SLACK_RATIO));
            passed &= verdict(report, atEnd - fromMinute2 <= allowed, String.format(Locale.ROOT,
                    "heap after full GC flat from minute 2 to the end (%.1f MB -> %.1f MB, allowed growth %.1f MB)",
                    fromMinute2 / 1048576.0, atEnd / 1048576.0, allowed / 1048576.0));
        } else {
            report.add("SKIP heap trend: needs at least 3 minutes");
        }
        report.add(String.format(Locale.ROOT, "p99 of all requests: %.1f ms (p50 %.1f ms, max %.1f ms)",
                all.percentileMillis(99), all.percentileMillis(50), all.maxMillis()));
        report.add(passed ? "SOAK PASSED" : "SOAK FAILED");
        return passed;
    }

    private static boolean verdict(List<String> report, boolean ok, String what) {
        report.add((ok ? "PASS " : "FAIL ") + what);
        return ok;
    }

    /** Runs a full GC in the server (java.lang:type=Memory gc()) and reads the heap used after it. */
    private static long heapAfterFullGc(MBeanServerConnection server) throws Exception {
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        server.invoke(memory, "gc", new Object[0], new String[0]);
        return (Long) ((CompositeData) server.getAttribute(memory, "HeapMemoryUsage")).get("used");
    }


    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--url", "--jmx", "--staff")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: Soak --url BASE_URL --jmx HOST:PORT --staff USER --minutes N [--rate R] "
                        + "[--lanes N] [--out FILE]");
                System.exit(2);
            }
        }
        return options;
    }
}
