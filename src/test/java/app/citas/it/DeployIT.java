package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.stack.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Operators' deploy and rollback through Tomcat's manager (parallel deployment), run as scripts exactly as
 * documented, while clients keep sending requests: not one may fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployIT {
    private static final String MANAGER_PASSWORD = "it-manager-" + UUID.randomUUID();
    /** What scripts/lib.sh runs the operator tools with: src/tools/java on the WAR's classes and libraries. */
    private static final String TOOLS_CLASSPATH = "target/tools-classes:target/citas/WEB-INF/classes:target/citas/WEB-INF/lib/*";
    private TestStack stack;
    private Path deployDir;

    @BeforeAll
    void start() throws Exception {
        stack = TestStack.start(Map.of("CITAS_MANAGER_PASSWORD", MANAGER_PASSWORD,
                "CITAS_QUOTA_ANONYMOUS_PER_HOUR", "100000000"));
        deployDir = Path.of("target", "it-deploys", UUID.randomUUID().toString());
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void deployAndRollBackUnderLoadWithoutOneFailedRequest() throws Exception {
        try (Load load = Load.start(stack.tomcat().port(), 4)) {
            Run deployed = script("scripts/deploy.sh", "--version", "20261128.000002-it");
            assertEquals(0, deployed.exit(), deployed.output());
            assertTrue(deployed.output().contains("citas##20261128.000002-it is serving"), deployed.output());
            assertEquals(List.of("/citas:running:0:citas##20261128.000002-it"), citasContexts());
            assertEquals(List.of("citas:type=Database,version=20261128.000002-it"), stack.jmxNames("citas:type=Database,*"),
                    "the new version's MBeans, and none of the undeployed one's");
            assertFalse(stack.jmxNames("com.zaxxer.hikari:type=Pool (citas-db-20261128.000002-it)").isEmpty());

            Run third = script("scripts/deploy.sh", "--version", "20261128.000003-it", "--skip-migrations");
            assertEquals(0, third.exit(), third.output());
            assertEquals(List.of("/citas:running:0:citas##20261128.000003-it"), citasContexts());

            Run rollback = script("scripts/rollback.sh");
            assertEquals(0, rollback.exit(), rollback.output());
            assertTrue(rollback.output().contains("redeploying"), "version 2 came back from the archive: " + rollback.output());
            assertEquals(List.of("/citas:running:0:citas##20261128.000002-it"), citasContexts());
            assertEquals(List.of("citas:type=Database,version=20261128.000002-it"), stack.jmxNames("citas:type=Database,*"));

            load.awaitMore(200);
            assertEquals(Map.of(), load.failures(), "no request failed during two deployments and a rollback");
            assertTrue(load.succeeded() > 200, "the load really ran: " + load.succeeded());
        }
        assertTrue(Files.exists(deployDir.resolve("citas##20261128.000003-it.war")), "WARs stay archived for rollback");
        List<String> leaks = stack.tomcatConsole().lines().filter(line -> line.contains("failed to stop it")).toList();
        assertEquals(List.of(), leaks, "undeployed versions leave no thread behind");
    }

    @Test
    void theSchemaRollbackShowsItsSqlAndRefusesWhenThereIsNoEarlierRelease() throws Exception {
        Run tags = script("java", "-cp", TOOLS_CLASSPATH, "app.citas.tools.Migrate", "tags");
        assertEquals(0, tags.exit(), tags.output());
        assertEquals("1.0.0", tags.output().strip());
        Run sql = script("java", "-cp", TOOLS_CLASSPATH, "app.citas.tools.Migrate",
                "rollback-sql", "1.0.0");
        assertEquals(0, sql.exit(), sql.output());
        assertTrue(sql.output().contains("Rollback to '1.0.0'"), sql.output());
        Run refused = script("java", "-cp", TOOLS_CLASSPATH, "app.citas.tools.Migrate",
                "rollback");
        assertEquals(1, refused.exit());
        assertTrue(refused.output().contains("no previous release tag to roll back to; applied: [1.0.0]"), refused.output());
    }

    @Test
    void theManagerAnswersOnlyLoopbackAndTheRightPassword() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String list = "http://127.0.0.1:" + stack.tomcat().port() + "/manager/text/list";
        assertEquals(200, http.send(manager(list, MANAGER_PASSWORD).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(401, http.send(manager(list, "wrong").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        HttpRequest relayed = manager(list, MANAGER_PASSWORD).header("X-Forwarded-For", "203.0.113.7").build();
        assertEquals(404, http.send(relayed, HttpResponse.BodyHandlers.discarding()).statusCode(),
                "a remote client relayed by a local proxy finds no manager, even with the right password");
        Map<String, String> wrong = Map.of("CITAS_MANAGER_PASSWORD", "wrong-password");
        Run refused = script(wrong, "scripts/deploy.sh", "--version", "20261128.9-never", "--skip-migrations");
        assertNotEquals(0, refused.exit());
        assertFalse(citasContexts().stream().anyMatch(line -> line.contains("never")), "nothing deployed");
    }

    private List<String> citasContexts() throws Exception {
        String list = "http://127.0.0.1:" + stack.tomcat().port() + "/manager/text/list";
        String body = HttpClient.newHttpClient().send(manager(list, MANAGER_PASSWORD).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith("/citas:")).toList();
    }

    private static HttpRequest.Builder manager(String url, String password) {
        String credentials = Base64.getEncoder().encodeToString(("deployer:" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + credentials);
    }

    private record Run(int exit, String output) {
    }

    private Run script(String... command) throws IOException, InterruptedException {
        return script(Map.of(), command);
    }

    private Run script(Map<String, String> extra, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command[0].endsWith(".sh") ? prepend("bash", command) : command)
                .redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("CITAS_MANAGER_PASSWORD", MANAGER_PASSWORD);
        env.put("CITAS_MANAGER_URL", "http://127.0.0.1:" + stack.tomcat().port() + "/manager/text");
        env.put("CITAS_DEPLOY_DIR", deployDir.toString());
        env.putAll(extra);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "bounded");
        return new Run(process.exitValue(), output);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Clients reading the catalog and health as fast as they can, on loopback, until closed (at most 10 minutes). */
    private static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong succeeded = new AtomicLong();
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final ExecutorService pool;
        private final List<Future<?>> clients = new ArrayList<>();

        private Load(int port, int threads) {
            pool = Executors.newFixedThreadPool(threads);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<URI> targets = List.of(URI.create("http://127.0.0.1:" + port + "/citas/api/v1/services?size=5"),
                    URI.create("http://127.0.0.1:" + port + "/citas/api/v1/health"));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            for (int t = 0; t < threads; t++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; running.get() && System.nanoTime() < deadline; i++) {
                        hit(http, targets.get(i % targets.size()));
                    }
                }));
            }
        }

        static Load start(int port, int threads) {
            return new Load(port, threads);
        }

        private void hit(HttpClient http, URI target) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    succeeded.incrementAndGet();
                } else {
                    failures.merge(target.getPath() + " " + response.statusCode(), 1, Integer::sum);
                }
            } catch (IOException e) {
                failures.merge(target.getPath() + " " + e.getClass().getSimpleName(), 1, Integer::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitMore(long requests) throws InterruptedException {
            long target = succeeded.get() + requests;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (succeeded.get() < target && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        long succeeded() {
            return succeeded.get();
        }

        Map<String, Integer> failures() {
            return Map.copyOf(failures);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
