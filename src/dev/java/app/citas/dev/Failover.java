package app.citas.dev;

import app.citas.dev.MixedLoad.BookingOutcome;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * scripts/failover.sh: the fault tests' mixed workload ({@link MixedLoad}: catalog reads, availability, bookings with
 * an Idempotency-Key that the client retries on a connection error or a 502/503/504, as a real client would) through
 * HAProxy in front of a cluster started by scripts/cluster.sh, while each fault is injected with cluster.sh:
 * <ol>
 *   <li>kill one Tomcat node (SIGKILL), start it again: zero failed reads, every booking acknowledged exactly once;</li>
 *   <li>a rolling deployment of a new version over every node, one at a time through its manager (scripts/deploy.sh):
 *   zero failed requests;</li>
 *   <li>kill the Redis primary: Sentinel promotes the replica; zero 5xx, quotas shared again and cache hits again;</li>
 *   <li>kill the PostgreSQL primary, then promote the standby (the operator's decision): every 5xx an honest 503
 *   problem+json with Retry-After, the service back without restarting any Tomcat, every 201 on the new primary, no
 *   overlaps.</li>
 * </ol>
 * One row per scenario: requests, failures by kind, p99 during the fault, time to recover, verdict.
 *
 * <pre>
 *   Failover --url http://127.0.0.1:PORT/citas/api/v1 --nodes N --node-port-base P --jmx-port-base J --staff USER
 *            [--out FILE] [--scenarios tomcat,deploy,redis,postgres]
 * </pre>
 * Node i answers HTTP on P+i and JMX on J+i. The staff password comes from FAILOVER_STAFF_PASSWORD, the database (for
 * the checks, through the multi-host URL, so on whichever is primary) from CITAS_DB_URL. Exit status 0 when every
 * scenario passes.
 */
public final class Failover {
    private static final int RATE = 20;
    private static final int LANES = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration BOOKING_RETRY_BUDGET = Duration.ofSeconds(60);
    /** How long the operator takes to decide to promote the standby in the PostgreSQL scenario. */
    private static final Duration OPERATOR_DELAY = Duration.ofSeconds(8);

    private final String url;
    private final int nodes;
    private final int nodePortBase;
    private final int jmxPortBase;
    private final Api anonymous;
    private final Api staff;
    private final List<String> log = new ArrayList<>();
    private int run;

    private Failover(String url, int nodes, int nodePortBase, int jmxPortBase, Api staff) {
        this.url = url;
        this.nodes = nodes;
        this.nodePortBase = nodePortBase;
        this.jmxPortBase = jmxPortBase;
        this.anonymous = new Api(url);
        this.staff = staff;
    }

    /** One scenario's figures and verdict. */
    record Row(String scenario, Window all, Window during, String failures, String recovery, List<String> checks,
               boolean passed) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.get("--url");
        String host = URI.create(url).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("the failover run loads loopback only, not " + host);
        }
        Api anonymous = new Api(url);
        Api staff = anonymous.as(anonymous.token(options.get("--staff"), System.getenv("FAILOVER_STAFF_PASSWORD")));
        Failover failover = new Failover(url, Integer.parseInt(options.get("--nodes")),
                Integer.parseInt(options.get("--node-port-base")), Integer.parseInt(options.get("--jmx-port-base")), staff);
        List<String> scenarios = List.of(options.getOrDefault("--scenarios", "tomcat,deploy,redis,postgres").split(","));
        List<Row> rows = new ArrayList<>();
        for (String scenario : scenarios) {
            failover.say("scenario " + scenario + " starts");
            Row row = switch (scenario) {
                case "tomcat" -> failover.killTomcat();
                case "deploy" -> failover.rollingDeployment();
                case "redis" -> failover.killRedisPrimary();
                case "postgres" -> failover.killPostgresPrimaryThenPromote();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            rows.add(row);
            failover.say("scenario " + scenario + ": " + (row.passed() ? "PASS" : "FAIL"));
            row.checks().forEach(c -> failover.say("  " + c));
        }
        String table = table(rows);
        System.out.println();
        System.out.println(table);
        boolean passed = rows.stream().allMatch(Row::passed);
        String text = table + "\n" + String.join("\n", failover.log) + "\n" + (passed ? "FAILOVER PASSED" : "FAILOVER FAILED")
                + "\n";
        System.out.println(passed ? "FAILOVER PASSED" : "FAILOVER FAILED");
        if (options.containsKey("--out")) {
            Files.writeString(Path.of(options.get("--out")), text);
        }
        System.exit(passed ? 0 : 1);
    }

    // --- Scenarios ------------------------------------------------------------------------------------------------

    private Row killTomcat() throws Exception {
        String victim = "tomcat-" + Math.min(2, nodes);
        MixedLoad load = startLoad("tomcat");
        sleep(8);
        long fault = System.nanoTime();
        cluster("kill", victim);
        sleep(10);
        cluster("start", victim);
        long back = System.nanoTime();
        sleep(10);
        load.stop();
        List<String> checks = new ArrayList<>();
        Window all = load.all();
        boolean ok = check(checks, failedAttempts(all.ofKind("catalog")) + failedAttempts(all.ofKind("availability")) == 0,
                "zero failed reads (" + failedAttempts(all.ofKind("catalog")) + " catalog, "
                        + failedAttempts(all.ofKind("availability")) + " availability)");
        ok &= bookingsAcknowledgedOnce(load, checks);
        ok &= check(checks, load.dropped() == 0, "the client kept its rate (dropped ticks " + load.dropped() + ")");
        return row("kill one Tomcat node (" + victim + ", SIGKILL; started again 10 s later)", load, fault, back,
                recovery(load, fault) + "; node back in " + seconds(back - fault) + " (start included)", checks, ok);
    }

    private Row rollingDeployment() throws Exception {
        MixedLoad load = startLoad("deploy");
        sleep(8);
        String version = "rolling-" + Instant.now().getEpochSecond();
        long start = System.nanoTime();
        List<String> checks = new ArrayList<>();
        boolean ok = true;
        for (int i = 1; i <= nodes; i++) {
            Map<String, String> env = new HashMap<>();
            env.put("CITAS_MANAGER_URL", "http://127.0.0.1:" + (nodePortBase + i) + "/manager/text");
            int status = run(env, "bash", "scripts/deploy.sh", "--version", version, "--war", "target/citas.war",
                    "--skip-migrations");
            ok &= check(checks, status == 0, "tomcat-" + i + " deployed citas##" + version + " (deploy.sh exit " + status + ")");
        }
        long end = System.nanoTime();
        sleep(8);
        load.stop();
        Window all = load.all();
        ok &= check(checks, failedAttempts(all) == 0, "zero failed requests (" + failedAttempts(all) + " of "
                + all.count() + ": " + all.byStatus() + ")");
        ok &= check(checks, versionsServed(version), "every node serves only citas##" + version);
        ok &= bookingsAcknowledgedOnce(load, checks);
        return row("rolling deployment over " + nodes + " nodes (deploy.sh through each manager)", load, start, end,
                recovery(load, start) + "; deployment took " + seconds(end - start), checks, ok);
    }

    private Row killRedisPrimary() throws Exception {
        MixedLoad load = startLoad("redis");
        sleep(8);
        List<String> checks = new ArrayList<>();
        boolean ok = check(checks, allNodes(n -> "shared".equals(jmx(n, "citas:type=Quota", "Mode"))),
                "quotas shared on every node before the fault");
        long fault = System.nanoTime();
        cluster("kill", "redis-primary");
        boolean shared = awaitTrue(Duration.ofSeconds(90), () -> {
            sleepQuietly(1);
            return allNodes(n -> "shared".equals(jmx(n, "citas:type=Quota", "Mode")));
        });
        long recovered = System.nanoTime();
        ok &= check(checks, shared, "quotas shared again on every node (citas:type=Quota Mode) after "
                + seconds(recovered - fault));
        Map<Integer, Long> hits = new TreeMap<>();
        for (int n = 1; n <= nodes; n++) {
            hits.put(n, cacheHits(n));
        }
        sleep(8);
        boolean hitsAgain = true;
        StringBuilder growth = new StringBuilder();
        for (int n = 1; n <= nodes; n++) {
            long now = cacheHits(n);
            growth.append(" tomcat-").append(n).append(' ').append(hits.get(n)).append("->").append(now);
            hitsAgain &= now > hits.get(n);
        }
        ok &= check(checks, hitsAgain, "cache hits again on every node (citas:type=Cache,name=services Hits:" + growth + ")");
        load.stop();
        cluster("start", "redis-replica");
        Window all = load.all();
        ok &= check(checks, all.serverErrors() == 0, "zero 5xx (" + all.byStatus() + ")");
        ok &= check(checks, failedAttempts(all) == 0, "zero failed requests (" + failedAttempts(all) + ")");
        ok &= bookingsAcknowledgedOnce(load, checks);
        return row("kill the Redis primary (Sentinel promotes the replica)", load, fault, recovered,
                recovery(load, fault) + "; quotas shared again after " + seconds(recovered - fault), checks, ok);
    }

    private Row killPostgresPrimaryThenPromote() throws Exception {
        MixedLoad load = startLoad("postgres");
        sleep(8);
        long fault = System.nanoTime();
        cluster("kill", "postgres-primary");
        Thread.sleep(OPERATOR_DELAY.toMillis());
        long promoted = System.nanoTime();
        cluster("promote");
        boolean healthy = awaitTrue(Duration.ofSeconds(90), () -> anonymous.get("/health").status() == 200);
        long recovered = System.nanoTime();
        sleep(12);
        load.stop();
        List<String> checks = new ArrayList<>();
        Window all = load.all();
        boolean ok = check(checks, healthy, "/health 200 through HAProxy " + seconds(recovered - promoted)
                + " after the promotion, no Tomcat restarted");
        Window unavailable = all.withStatus(503);
        ok &= check(checks, all.serverErrors() == unavailable.count(), "the only 5xx is 503 (" + all.byStatus() + ")");
        ok &= check(checks, unavailable.samples().stream().allMatch(s -> s.problemJson() && s.retryAfter()),
                "every 503 is application/problem+json with Retry-After (" + unavailable.count() + "; without: "
                        + unavailable.samples().stream().filter(s -> !s.problemJson() || !s.retryAfter()).count()
                        + "; last unexpected answer: " + load.lastUnexpected() + ")");
        ok &= check(checks, all.status(MixedLoad.NO_ANSWER) + all.status(MixedLoad.TIMED_OUT) == 0,
                "no request unanswered or timed out");
        Window settled = load.window(recovered + 5_000_000_000L, Long.MAX_VALUE);
        ok &= check(checks, failedAttempts(settled) == 0 && settled.ofKind("booking").status(201) > 0,
                "from 5 s after recovery zero failed requests and bookings 201 (" + settled.byStatus() + ")");
        ok &= bookingsAcknowledgedOnce(load, checks);
        return row("kill the PostgreSQL primary, promote the standby " + OPERATOR_DELAY.toSeconds() + " s later", load,
                fault, recovered, recovery(load, fault) + "; /health 200 " + seconds(recovered - promoted)
                        + " after the promotion", checks, ok);
    }

    // --- Checks ---------------------------------------------------------------------------------------------------

    /**
     * Every booking got a final 201 (after its retries), each 201 id is in the (current primary) database, confirmed,
     * once; the lanes hold no appointment beyond those; no two overlap.
     */
    private boolean bookingsAcknowledgedOnce(MixedLoad load, List<String> checks) throws Exception {
        List<BookingOutcome> outcomes = load.bookingOutcomes();
        long acknowledged = outcomes.stream().filter(o -> o.finalStatus() == 201).count();
        long retried = outcomes.stream().filter(o -> o.attempts() > 1).count();
        boolean ok = check(checks, acknowledged == outcomes.size() && load.bookedTwice().isEmpty()
                        && load.bookedIds().size() == acknowledged,
                "every booking acknowledged (201) exactly once: " + acknowledged + " of " + outcomes.size() + ", "
                        + retried + " after a retry with the same Idempotency-Key, " + load.bookedTwice().size()
                        + " ids twice");
        Set<Long> accepted = load.bookedIds();
        Set<Long> resources = new HashSet<>();
        Set<Long> stored = new HashSet<>();
        try (Connection db = DriverManager.getConnection(System.getenv("CITAS_DB_URL"),
                System.getenv().getOrDefault("CITAS_DB_USER", "postgres"),
                System.getenv().getOrDefault("CITAS_DB_PASSWORD", ""))) {
            Map<Long, Long> confirmed = Ledger.confirmedResources(db, accepted);
            stored.addAll(confirmed.keySet());
            resources.addAll(confirmed.values());
            long rows = Ledger.appointments(db, resources);
            long overlaps = Ledger.overlaps(db, resources);
            ok &= check(checks, stored.size() == accepted.size() && rows == accepted.size(),
                    "every 201 in the database (" + db.getMetaData().getURL() + "): " + stored.size() + " of "
                            + accepted.size() + " found, " + rows + " appointments on the lanes' resources");
            ok &= check(checks, overlaps == 0, "no overlapping appointments (" + overlaps + ")");
        }
        return ok;
    }

    private boolean versionsServed(String version) {
        return deployedEverywhere(version);
    }

    /** scripts/deploy.sh left only citas##version on each node: the manager's list, read with the cluster's password. */
    private boolean deployedEverywhere(String version) {
        for (int n = 1; n <= nodes; n++) {
            Map<String, String> env = Map.of("CITAS_MANAGER_URL", "http://127.0.0.1:" + (nodePortBase + n) + "/manager/text");
            try {
                ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                        "source scripts/lib.sh; citas_manager_init; citas_deployed_versions");
                builder.environment().putAll(env);
                builder.redirectErrorStream(true);
                Process process = builder.start();
                String out = new String(process.getInputStream().readAllBytes()).strip();
                if (process.waitFor() != 0 || !out.equals("running " + version)) {
                    say("tomcat-" + n + " deployed versions: " + out);
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    // --- Load, cluster, JMX ---------------------------------------------------------------------------------------

    private MixedLoad startLoad(String name) {
        String prefix = "failover-" + name + "-" + Instant.now().getEpochSecond();
        List<Lane> lanes = MixedLoad.createLanes(staff, anonymous, prefix, LANES);
        LocalDate firstDay = LocalDate.now(ZoneId.of("Europe/Madrid")).plusDays(1 + 60L * run++);
        return new MixedLoad(url, lanes, firstDay, RATE, 64, REQUEST_TIMEOUT).retryingBookings(BOOKING_RETRY_BUDGET)
                .start(Duration.ofMinutes(5));
    }

    private void cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/cluster.sh"));
        command.addAll(List.of(args));
        int status = run(Map.of(), command.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " failed with " + status);
        }
    }

    private int run(Map<String, String> env, String... command) throws Exception {
        say("$ " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        int status = process.waitFor();
        out.lines().forEach(line -> say("  " + line));
        return status;
    }

    private Object jmx(int node, String bean, String attribute) {
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + (jmxPortBase + node) + "/jmxrmi"))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            // After a rolling deployment the names carry the version (",version=…"): the one deployed.
            for (ObjectName name : server.queryNames(new ObjectName(bean + ",*"), null)) {
                return server.getAttribute(name, attribute);
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private long cacheHits(int node) {
        Object hits = jmx(node, "citas:type=Cache,name=services", "Hits");
        return hits instanceof Number number ? number.longValue() : -1;
    }

    private boolean allNodes(java.util.function.IntPredicate condition) {
        for (int n = 1; n <= nodes; n++) {
            if (!condition.test(n)) {
                return false;
            }
        }
        return true;
    }

    // --- Figures --------------------------------------------------------------------------------------------------

    /** Attempts that failed: 5xx, 4xx other than 409/429, no answer, timeout. */
    private static long failedAttempts(Window window) {
        return window.errors();
    }

    /** From the fault to the end of the last failed attempt: how long clients saw trouble (0 s: never). */
    private static String recovery(MixedLoad load, long fault) {
        long last = load.window(fault, Long.MAX_VALUE).samples().stream()
                .filter(s -> s.status() <= 0 || s.status() >= 500 || (s.status() >= 400 && s.status() != 409
                        && s.status() != 429))
                .mapToLong(s -> s.startedNanos() + s.latencyNanos()).max().orElse(fault);
        return "clients saw failures for " + seconds(last - fault);
    }

    private static String failures(Window window) {
        Map<String, Long> kinds = new TreeMap<>();
        for (MixedLoad.Sample s : window.samples()) {
            String what = s.status() == MixedLoad.NO_ANSWER ? "no answer" : s.status() == MixedLoad.TIMED_OUT ? "timeout"
                    : s.status() >= 500 || (s.status() >= 400 && s.status() != 409 && s.status() != 429)
                    ? String.valueOf(s.status()) : null;
            if (what != null) {
                kinds.merge(s.kind() + " " + what, 1L, Long::sum);
            }
        }
        return kinds.isEmpty() ? "none" : kinds.toString().replaceAll("[{}]", "").replace("=", " × ");
    }

    private Row row(String scenario, MixedLoad load, long from, long to, String recovery, List<String> checks,
                    boolean passed) {
        return new Row(scenario, load.all(), load.window(from, to), failures(load.all()), recovery, checks, passed);
    }

    private static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| scenario | requests (attempts) | failed attempts by kind | p99 during the fault | time to recover | verdict |\n");
        text.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f ms (%d requests) | %s | %s |%n", row.scenario(),
                    row.all().count(), row.failures(), row.during().percentileMillis(99), row.during().count(),
                    row.recovery(), row.passed() ? "PASS" : "FAIL"));
        }
        return text.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static boolean check(List<String> checks, boolean ok, String what) {
        checks.add((ok ? "PASS " : "FAIL ") + what);
        return ok;
    }

    private void say(String line) {
        String stamped = Instant.now() + " " + line;
        System.out.println(stamped);
        log.add(stamped);
    }

    private static boolean awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // An answer that is no answer yet (connection refused): keep waiting.
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    private static void sleepQuietly(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--url", "--nodes", "--node-port-base", "--jmx-port-base", "--staff")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: Failover --url BASE_URL --nodes N --node-port-base P --jmx-port-base J "
                        + "--staff USER [--out FILE] [--scenarios tomcat,deploy,redis,postgres]");
                System.exit(2);
            }
        }
        return options;
    }
}
