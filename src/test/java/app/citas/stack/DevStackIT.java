package app.citas.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.dev.EmbeddedRedis;
import app.citas.dev.FreePorts;
import app.citas.dev.Platform;
import app.citas.dev.TomcatProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The development stack of scripts/run.sh (the same java command, on fresh data and its own ports), started for the
 * first time and stopped as Ctrl-C stops it: it says what it is starting, where it is up, and what it stopped, and
 * writes nothing that reads as an error (no Liquibase lock-check ERROR from PostgreSQL, no SEVERE or WARNING) and no
 * two-line JDK log records.
 */
class DevStackIT {

    @Test
    void aFirstStartSaysWhatItDoesLogsNoErrorAndCtrlCSaysWhatStopped() throws Exception {
        Platform platform = Platform.current();
        assumeTrue(getClass().getClassLoader().getResource(platform.postgresResource()) != null,
                platform.noEmbeddedPostgres());
        assumeTrue(platform.hasRedis(), platform.noEmbeddedRedis());
        Path build = Path.of(System.getProperty("citas.buildDir", "target")).toAbsolutePath();
        Path project = build.getParent();
        Path run = build.resolve("devstack-it-" + UUID.randomUUID().toString().substring(0, 8));
        String tomcatVersion = Path.of(System.getProperty("citas.tomcatHome")).getFileName().toString()
                .replace("apache-tomcat-", "");
        int httpPort = FreePorts.pick();
        String classpath = build.resolve("dev-classes") + ":" + build.resolve("classes") + ":"
                + Files.readString(build.resolve("dev-classpath.txt")).trim();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcitas.projectDir=" + project, "-Dcitas.tomcatVersion=" + tomcatVersion, "-cp", classpath,
                "app.citas.dev.DevStack").directory(project.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CITAS_"));
        builder.environment().putAll(java.util.Map.of("CITAS_DATA_DIR", run.resolve("data").toString(),
                "CITAS_RUN_BASE", run.resolve("run-base").toString(), "CITAS_HTTP_PORT", String.valueOf(httpPort),
                "CITAS_EMBEDDED_PG_PORT", String.valueOf(FreePorts.pick()),
                "CITAS_EMBEDDED_REDIS_PORT", String.valueOf(FreePorts.pick()),
                "CITAS_JMX_PORT", "off", "CITAS_WARMUP_SECONDS", "1", "CITAS_WARMUP_HTTP_SECONDS", "1",
                "CITAS_HEAP", "384m"));
        Process stack = builder.start();
        StringBuffer console = new StringBuffer();
        CountDownLatch up = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    console.append(line).append('\n');
                    if (line.startsWith("Citas is up at")) {
                        up.countDown();
                    }
                }
            } catch (java.io.IOException closed) {
                // The stack has stopped.
            }
        });
        reader.start();
        try {
            assertTrue(up.await(4, TimeUnit.MINUTES), console::toString);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/citas/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            // Ctrl-C: SIGINT (Process.destroy() would also close the pipe this test reads the goodbyes from).
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(stack.pid())).start().waitFor());
            assertTrue(stack.waitFor(2, TimeUnit.MINUTES), console::toString);
            reader.join(10_000);
        } finally {
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly().waitFor();
            TomcatProcess.deleteRecursively(run);
        }

        String output = console.toString();
        List<String> phases = List.of("Starting embedded PostgreSQL on :", "Starting embedded Redis on :",
                "Starting Tomcat " + tomcatVersion + " on :" + httpPort, "Citas is up at http://localhost:" + httpPort,
                "Stopped Tomcat on :" + httpPort, "Stopped embedded Redis on :", "Stopped embedded PostgreSQL on :");
        int at = 0;
        for (String phase : phases) {
            int next = output.indexOf(phase, at);
            assertTrue(next >= 0, "missing, or out of order: " + phase + "\n" + output);
            at = next;
        }
        // Ctrl-C stops Tomcat before Redis and PostgreSQL (not left to racing shutdown hooks): nothing alarming.
        List<String> alarming = output.lines().filter(line -> line.contains("ERROR") || line.contains("SEVERE")
                || line.contains("WARN") || line.contains("forEachRemaining") || line.contains("Exception"))
                .toList();
        assertEquals(List.of(), alarming, output);
    }
}
