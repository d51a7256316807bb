package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.dev.TomcatProcess;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Tomcat nodes behind HAProxy, started by scripts/cluster.sh (Redis through its Sentinels, PostgreSQL with its
 * synchronous standby): one quota and fresh catalog reads whichever node answers. Opt-in (tag {@code cluster}, run by
 * {@code mvn verify -Pcluster}): starting a cluster takes one to three minutes.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    private static final int PORT_BASE = 18800;
    private static final int HTTP_PORT = 18880;
    private static final int ANONYMOUS_PER_HOUR = 20;
    private static final Pattern REMAINING = Pattern.compile(";r=(\\d+)");
    private final Path clusterDir = Path.of(System.getProperty("citas.buildDir", "target"), "cluster-it").toAbsolutePath();
    private final String url = "http://127.0.0.1:" + HTTP_PORT + "/citas/api/v1";
    private Api staff;

    @BeforeAll
    void startCluster() throws Exception {
        // A fresh cluster: a kept one would remember the staff user and, in Redis, the quota buckets of earlier runs.
        cluster("down");
        TomcatProcess.deleteRecursively(clusterDir);
        String output = cluster("up", "--nodes", "2");
        assertTrue(output.contains("Citas is up at " + url), output);
        String password = "cluster-staff-password";
        run(List.of("bash", "scripts/create-user.sh", "--staff", "cluster-staff", "cluster-staff@example.com"),
                password + "\n", Map.of("CITAS_DB_URL", "jdbc:postgresql://127.0.0.1:" + (PORT_BASE + 1) + ",127.0.0.1:"
                        + (PORT_BASE + 2) + "/citas?targetServerType=primary", "CITAS_DB_USER", "postgres",
                        "CITAS_DB_PASSWORD", ""));
        staff = new Api(url).as(new Api(url).token("cluster-staff", password));
    }

    @AfterAll
    void stopCluster() throws Exception {
        cluster("down");
    }

    @Test
    void oneQuotaForACallerWhicheverNodeAnswers() {
        // A caller of its own: HAProxy appends the peer to X-Forwarded-For and Tomcat trusts loopback proxies, so the
        // quota keys this caller by the documentation address it sends.
        Api caller = new Api(url).header("X-Forwarded-For", "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255));
        Set<String> nodes = new LinkedHashSet<>();
        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < ANONYMOUS_PER_HOUR; i++) {
            Reply reply = caller.get("/categories");
            assertEquals(200, reply.status(), "request " + (i + 1) + " of the quota: " + reply);
            nodes.add(reply.header("X-Citas-Node"));
            Matcher r = REMAINING.matcher(reply.header("RateLimit"));
            assertTrue(r.find(), reply.header("RateLimit"));
            remaining.add(Long.parseLong(r.group(1)));
        }
        assertEquals(Set.of("tomcat-1", "tomcat-2"), nodes, "HAProxy spread the requests over both nodes");
        for (int i = 1; i < remaining.size(); i++) {
            assertTrue(remaining.get(i) < remaining.get(i - 1), "one bucket counts down across nodes: " + remaining);
        }
        Set<String> refusedBy = new LinkedHashSet<>();
        for (int i = 0; i < 4; i++) {
            Reply refused = caller.get("/categories");
            assertEquals(429, refused.status(), "over the quota, on any node: " + refused);
            assertTrue(refused.header("Retry-After") != null);
            refusedBy.add(refused.header("X-Citas-Node"));
        }
        assertEquals(Set.of("tomcat-1", "tomcat-2"), refusedBy, "both nodes refuse the caller that used its quota");
    }

    @Test
    void aStaffEditThroughOneNodeIsSeenAtOnceThroughEveryNode() {
        Bookable bookable = new Fixtures(staff).bookable();
        String path = "/services/" + bookable.serviceId();
        Api reader = new Api(url).header("X-Forwarded-For", "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255));
        // Both nodes have read (and cached) the service.
        Set<String> warmed = new LinkedHashSet<>();
        for (int i = 0; i < 4; i++) {
            Reply reply = reader.get(path);
            assertEquals(200, reply.status());
            warmed.add(reply.header("X-Citas-Node"));
        }
        assertEquals(Set.of("tomcat-1", "tomcat-2"), warmed);
        for (String price : List.of("31.00", "32.00", "33.00")) {
            Reply edit = staff.put(path, Fixtures.serviceBody("Cluster cut " + price, 30, price, null,
                    List.of(bookable.resourceId())));
            assertEquals(200, edit.status(), edit.toString());
            String editedOn = edit.header("X-Citas-Node");
            Set<String> seenBy = new LinkedHashSet<>();
            for (int i = 0; i < 4; i++) {
                Reply read = reader.get(path);
                assertEquals(200, read.status());
                assertEquals(price, read.json().get("price").asText(), "read through " + read.header("X-Citas-Node")
                        + " right after the edit through " + editedOn);
                seenBy.add(read.header("X-Citas-Node"));
            }
            assertEquals(Set.of("tomcat-1", "tomcat-2"), seenBy);
        }
    }

    private String cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/cluster.sh"));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("CITAS_CLUSTER_DIR", clusterDir.toString());
        env.put("CITAS_CLUSTER_PORT_BASE", String.valueOf(PORT_BASE));
        env.put("CITAS_HTTP_PORT", String.valueOf(HTTP_PORT));
        env.put("CITAS_QUOTA_ANONYMOUS_PER_HOUR", String.valueOf(ANONYMOUS_PER_HOUR));
        return run(command, "", env);
    }

    private static String run(List<String> command, String input, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CITAS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
