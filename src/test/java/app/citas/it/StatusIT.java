package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.FreePorts;
import app.citas.stack.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production monitoring set-up end to end: a private stack started with CITAS_JMX_PORT and a password file made
 * by scripts/jmx-credentials.sh, so setenv.sh's authenticated loopback JMX is what answers; scripts/status.sh run as
 * an operator runs it; and CITAS_METRICS_PORT, so the Prometheus agent serves what the Grafana dashboard reads.
 * Anonymous quota is 5/hour so refusals show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusIT {
    private static final String MONITOR_PASSWORD = "monitor-it-secret";
    private static final String CONTROL_PASSWORD = "control-it-secret";
    private static final ObjectName CACHE_MANAGER = name("citas:type=CacheManager");

    private TestStack stack;
    private int jmxPort;
    private int metricsPort;

    @BeforeAll
    void start(@TempDir Path credentials) throws Exception {
        Path passwordFile = credentials.resolve("jmxremote.password");
        Result written = run(List.of("bash", "scripts/jmx-credentials.sh"), Map.of(
                "CITAS_JMX_PASSWORD_FILE", passwordFile.toString(), "CITAS_JMX_MONITOR_PASSWORD", MONITOR_PASSWORD,
                "CITAS_JMX_CONTROL_PASSWORD", CONTROL_PASSWORD));
        assertEquals(0, written.exitCode(), written.output());
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(passwordFile), "the JDK refuses a password file others can read");
        jmxPort = FreePorts.pick();
        metricsPort = FreePorts.pick();
        stack = TestStack.start(Map.of("CITAS_JMX_PORT", String.valueOf(jmxPort),
                "CITAS_METRICS_PORT", String.valueOf(metricsPort),
                "CITAS_JMX_PASSWORD_FILE", passwordFile.toString(),
                "CITAS_QUOTA_ANONYMOUS_PER_HOUR", "5", "CITAS_QUOTA_USER_PER_HOUR", "10000000",
                "CITAS_QUOTA_STAFF_PER_HOUR", "10000000"));
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void statusShowsEverySectionWithTheTrafficOfItsInterval() throws Exception {
        Api anonymous = stack.api().header("X-Forwarded-For", "198.51.100.7");
        for (int k = 0; k < 7; k++) {
            anonymous.get("/categories"); // 5 allowed (a miss, then hits), 2 refused
        }
        Result status = runWhileLoading(List.of("bash", "scripts/status.sh", "--interval", "3"), monitor());
        String out = status.output();
        assertEquals(0, status.exitCode(), out);
        assertTrue(out.contains("127.0.0.1:" + jmxPort + " as monitor"), out);
        assertTrue(Pattern.compile("Threads +citasThreadPool: \\d+ busy of \\d+ started \\(max \\d+\\), queue \\d+")
                .matcher(out).find(), out);
        Matcher requests = Pattern.compile("Requests +http-nio-[^:]+-" + port(stack.baseUrl())
                + ": (\\d+\\.\\d) req/s").matcher(out);
        assertTrue(requests.find(), out);
        assertTrue(Double.parseDouble(requests.group(1)) > 0, "traffic ran during the interval:\n" + out);
        assertTrue(Pattern.compile("Heap +\\d+ MiB used of \\d+ MiB").matcher(out).find(), out);
        assertTrue(Pattern.compile("DB pool +citas-db\\S*: \\d+ active, \\d+ idle, 0 waiting, [1-9]\\d* total")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("SQL +\\d+\\.\\d statements/s; [1-9]\\d* since start").matcher(out).find(), out);
        for (String region : List.of("categories", "resources", "services")) {
            assertTrue(Pattern.compile("\\n +" + region + " +\\d+\\.\\d%").matcher(out).find(), region + "\n" + out);
        }
        Matcher categories = Pattern.compile("\\n +categories +(\\d+\\.\\d)%").matcher(out);
        assertTrue(categories.find() && Double.parseDouble(categories.group(1)) > 0, "repeated reads hit:\n" + out);
        Matcher refusedAnonymous = Pattern.compile("\\n +anonymous +\\d+ +(\\d+) \\(\\+\\d+\\)").matcher(out);
        assertTrue(refusedAnonymous.find() && Long.parseLong(refusedAnonymous.group(1)) >= 2, out);
        assertTrue(Pattern.compile("\\n +user +\\d+ +\\d+ \\(\\+\\d+\\)").matcher(out).find(), out);
        assertTrue(Pattern.compile("\\n +staff +\\d+ +\\d+ \\(\\+\\d+\\)").matcher(out).find(), out);
        assertTrue(out.contains("Redis      reachable; quota buckets shared in Redis"), out);
    }

    @Test
    void statusNamesPortAndUserWhenThePasswordIsWrong() throws Exception {
        Map<String, String> env = monitor();
        env.put("CITAS_JMX_PASSWORD", "not-the-password");
        Result status = run(List.of("bash", "scripts/status.sh", "--interval", "1"), env);
        assertEquals(1, status.exitCode(), status.output());
        assertTrue(status.output().contains("JMX on 127.0.0.1:" + jmxPort + " refused user 'monitor'"),
                status.output());
    }

    @Test
    void statusAsksForCredentialsTheServerRequires() throws Exception {
        Map<String, String> env = monitor();
        env.remove("CITAS_JMX_PASSWORD");
        Result status = run(List.of("bash", "scripts/status.sh", "--interval", "1"), env);
        assertEquals(1, status.exitCode(), status.output());
        assertTrue(status.output().contains("JMX on 127.0.0.1:" + jmxPort
                + " requires a user and password: set CITAS_JMX_PASSWORD for user 'monitor'"), status.output());
    }

    @Test
    void statusSaysWhichPortItCouldNotReach() throws Exception {
        int closed = FreePorts.pick();
        Map<String, String> env = monitor();
        env.put("CITAS_JMX_PORT", String.valueOf(closed));
        Result status = run(List.of("bash", "scripts/status.sh", "--interval", "1"), env);
        assertEquals(1, status.exitCode(), status.output());
        assertTrue(status.output().contains("cannot reach JMX on 127.0.0.1:" + closed), status.output());
    }

    @Test
    void watchRedrawsAgainWhenTomcatComesBack() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/status.sh", "--watch", "1").redirectErrorStream(true);
        builder.environment().putAll(monitor());
        Process watch = builder.start();
        StringBuffer screen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var in = watch.getInputStream()) {
                byte[] buffer = new byte[4096];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    screen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                }
            } catch (IOException ended) {
                // The process was stopped.
            }
        }, "status-watch-reader");
        reader.start();
        try {
            awaitText(screen, 0, "Threads", watch);
            stack.killTomcat();
            int lost = awaitText(screen, 0, "lost the JMX connection", watch);
            stack.restartTomcat();
            awaitText(screen, lost, "Threads", watch);
            assertTrue(watch.isAlive(), "still watching:\n" + screen);
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
            reader.join(10_000);
        }
    }

    /** Waits (at most 90 s) for the text to appear in the output after the given index; returns where it is. */
    private static int awaitText(StringBuffer output, int from, String text, Process process) throws InterruptedException {
        for (int i = 0; i < 900; i++) {
            int at = output.indexOf(text, from);
            if (at >= 0) {
                return at;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' after offset " + from + " in:\n" + output);
    }

    @Test
    void jmxListensOnLoopbackOnly() throws Exception {
        List<String> listening = listeningAddresses(jmxPort);
        assertFalse(listening.isEmpty(), "JMX listens on " + jmxPort);
        // As the kernel lists them, in hex: 127.0.0.1, and the same as an IPv4-mapped IPv6 address.
        List<String> loopback = List.of("0100007F", "0000000000000000FFFF00000100007F");
        assertTrue(loopback.containsAll(listening), "bound to 127.0.0.1 only, never to every interface: " + listening);
    }

    /** Local addresses of the sockets listening on the port, from the kernel's table (Linux). */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    @Test
    void prometheusServesEverySeriesTheDashboardUses() throws Exception {
        Api anonymous = stack.api().header("X-Forwarded-For", "198.51.100.9");
        for (int k = 0; k < 7; k++) {
            anonymous.get("/categories"); // 5 allowed, 2 refused with 429
        }
        Api staff = stack.api().as(stack.staffToken("metrics-staff"));
        for (String path : List.of("/categories", "/services", "/resources")) {
            staff.get(path);
            staff.get(path); // the second read of a region hits
        }
        String exposition = scrapeMetrics();
        List<PrometheusText.Sample> samples = PrometheusText.parse(exposition);

        List<String> expressions = PrometheusText.expressions(Path.of("docs/grafana/citas-dashboard.json"));
        assertTrue(expressions.size() >= 10, "the dashboard's expressions: " + expressions);
        List<String> missing = new ArrayList<>();
        int selected = 0;
        for (String expression : expressions) {
            for (PrometheusText.Selector selector : PrometheusText.selectors(expression)) {
                selected++;
                boolean present = samples.stream().anyMatch(sample -> sample.name().equals(selector.name())
                        && sample.labels().entrySet().containsAll(selector.labels().entrySet()));
                if (!present) {
                    missing.add(selector + " in " + expression);
                }
            }
        }
        assertTrue(selected >= expressions.size(), "every expression selects a metric");
        assertTrue(missing.isEmpty(), "series the dashboard uses but /metrics lacks: " + missing + "\n" + exposition);

        assertTrue(value(samples, "citas_quota_refused_total", Map.of("role", "anonymous")) >= 2, exposition);
        assertTrue(value(samples, "citas_quota_allowed_total", Map.of("role", "staff")) >= 6, exposition);
        for (String region : List.of("categories", "services", "resources")) {
            assertTrue(value(samples, "citas_cache_hits_total", Map.of("region", region)) >= 1, region + "\n" + exposition);
        }
        assertTrue(value(samples, "tomcat_requests_total", Map.of()) >= 13, exposition);
        assertTrue(value(samples, "tomcat_request_errors_total", Map.of()) >= 2, "the 429s\n" + exposition);
        assertTrue(value(samples, "citas_sql_statements_total", Map.of()) >= 1, exposition);
        assertTrue(value(samples, "hikaricp_connections", Map.of("pool", "citas-db")) >= 1, exposition);
        assertEquals(1.0, value(samples, "citas_redis_reachable", Map.of()), exposition);
    }

    @Test
    void metricsListenOnLoopbackOnly() throws Exception {
        List<String> listening = listeningAddresses(metricsPort);
        assertFalse(listening.isEmpty(), "metrics listen on " + metricsPort);
        List<String> loopback = List.of("0100007F", "0000000000000000FFFF00000100007F");
        assertTrue(loopback.containsAll(listening), "bound to 127.0.0.1 only, never to every interface: " + listening);
    }

    /** The sum of the samples of a metric whose labels include the given ones (counters of every connector, pool...). */
    private static double value(List<PrometheusText.Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    private String scrapeMetrics() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void jmxRefusesAWrongPasswordAndAnUnknownUser() {
        assertThrows(SecurityException.class, () -> connect("monitor", "wrong").close());
        assertThrows(SecurityException.class, () -> connect("admin", MONITOR_PASSWORD).close());
        assertThrows(SecurityException.class, () -> connect(null, null).close());
    }

    @Test
    void monitorReadsButCannotInvokeOperations() throws Exception {
        try (JMXConnector monitor = connect("monitor", MONITOR_PASSWORD)) {
            var server = monitor.getMBeanServerConnection();
            assertEquals(Boolean.TRUE, server.getAttribute(CACHE_MANAGER, "RedisReachable"));
            SecurityException refused = assertThrows(SecurityException.class,
                    () -> server.invoke(CACHE_MANAGER, "clearAll", new Object[0], new String[0]));
            assertTrue(refused.getMessage().contains("Access denied"), refused.getMessage());
        }
    }

    @Test
    void controlMayInvokeOperations() throws Exception {
        try (JMXConnector control = connect("control", CONTROL_PASSWORD)) {
            control.getMBeanServerConnection().invoke(CACHE_MANAGER, "clearAll", new Object[0], new String[0]);
        }
    }

    private JMXConnector connect(String user, String password) throws IOException {
        Map<String, Object> environment = new HashMap<>();
        if (user != null) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"), environment);
    }

    /** What an operator on the host would have: the node's environment, the JMX port and the monitor password. */
    private Map<String, String> monitor() {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("CITAS_JMX_PORT", String.valueOf(jmxPort));
        env.put("CITAS_JMX_USER", "monitor");
        env.put("CITAS_JMX_PASSWORD", MONITOR_PASSWORD);
        return env;
    }

    /** Runs a command while another thread keeps requesting /health, so its sampling interval sees traffic. */
    private Result runWhileLoading(List<String> command, Map<String, String> env) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            Api api = stack.api();
            while (running.get()) {
                api.get("/health");
            }
        }, "status-it-load");
        load.start();
        try {
            return run(command, env);
        } finally {
            running.set(false);
            load.join();
        }
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }


    private static int port(String baseUrl) {
        return java.net.URI.create(baseUrl).getPort();
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
