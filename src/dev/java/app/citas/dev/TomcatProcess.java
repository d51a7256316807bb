package app.citas.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Tomcat 11 distribution run as `catalina.sh run`, with a CATALINA_BASE made from the distribution's
 * conf/ overlaid by the project's tomcat-conf/ and the WAR deployed as /citas.
 */
public final class TomcatProcess implements AutoCloseable {
    private final Process process;
    private final Layout layout;
    private final int port;
    private final Map<String, String> environment;
    private final boolean inheritIo;

    private TomcatProcess(Process process, Layout layout, int port, Map<String, String> environment, boolean inheritIo) {
        this.process = process;
        this.layout = layout;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.inheritIo = inheritIo;
    }

    public record Layout(Path catalinaHome, Path tomcatConf, Path war, Path base) {
        public static Layout fromBuild(Path projectDir, String tomcatVersion, Path base) {
            Path target = projectDir.resolve("target");
            return new Layout(target.resolve("tomcat/apache-tomcat-" + tomcatVersion), projectDir.resolve("tomcat-conf"),
                    target.resolve("citas.war"), base);
        }
    }

    /** Starts Tomcat and waits until /citas/api/v1/health answers (200, or 503 but not while warming up). */
    public static TomcatProcess start(Layout layout, int port, Map<String, String> environment, boolean inheritIo)
            throws IOException, InterruptedException {
        prepareBase(layout);
        if (environment.containsKey("CITAS_MANAGER_PASSWORD")) {
            writeManagerUser(layout, environment);
        }
        return launch(layout, port, environment, inheritIo, false);
    }

    /**
     * Starts this Tomcat again on the same CATALINA_BASE, port and environment, as after a crash: the base is not
     * prepared afresh (the WAR unpacked by the previous run is deployed again), the console log is appended to.
     */
    public TomcatProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("Tomcat is still running");
        }
        return launch(layout, port, environment, inheritIo, true);
    }

    private static TomcatProcess launch(Layout layout, int port, Map<String, String> environment, boolean inheritIo,
                                        boolean appendLog) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", layout.catalinaHome().resolve("bin/catalina.sh").toString(), "run");
        Map<String, String> env = builder.environment();
        env.put("CATALINA_HOME", layout.catalinaHome().toString());
        env.put("CATALINA_BASE", layout.base().toString());
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        env.put("CITAS_HTTP_PORT", String.valueOf(port));
        env.putAll(environment);
        if (inheritIo) {
            builder.inheritIO();
        } else {
            java.io.File log = layout.base().resolve("logs/console.log").toFile();
            builder.redirectErrorStream(true).redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log)
                    : ProcessBuilder.Redirect.to(log));
        }
        TomcatProcess tomcat = new TomcatProcess(builder.start(), layout, port, environment, inheritIo);
        tomcat.awaitHealth(Duration.ofSeconds(120));
        return tomcat;
    }

    /** The manager's user, written by scripts/manager-credentials.sh exactly as at install time. */
    private static void writeManagerUser(Layout layout, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder script = new ProcessBuilder("bash", "scripts/manager-credentials.sh").redirectErrorStream(true);
        script.environment().putAll(environment);
        script.environment().put("CATALINA_BASE", layout.base().toString());
        script.environment().put("CATALINA_HOME", layout.catalinaHome().toString());
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("manager-credentials.sh failed: " + output);
        }
    }

    /** The HTTP port Tomcat listens on (loopback). */
    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/citas/api/v1";
    }

    public Path base() {
        return layout.base();
    }

    public Process process() {
        return process;
    }

    private void awaitHealth(Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + process.exitValue() + "; see " + consoleLog());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && response.body().contains("\"WARMING\"")) {
                    Thread.sleep(250); // deployed, still warming up through its connector
                    continue;
                }
                if (response.statusCode() == 200 || response.statusCode() == 503) {
                    return;
                }
                // Tomcat deploys before it listens: any other answer means the application failed to start.
                close();
                throw new IllegalStateException("Citas failed to deploy (/health answered " + response.statusCode()
                        + "); see " + consoleLog());
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Citas did not answer /health within " + timeout + "; see " + consoleLog());
    }

    private Path consoleLog() {
        return layout.base().resolve("logs/console.log");
    }

    /** What Tomcat wrote to its console (stdout and stderr): what journald would get under systemd. */
    public String console() throws IOException {
        return Files.readString(consoleLog(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Reads the console log (tests check what reached the logs). */
    public String log() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(layout.base().resolve("logs"))) {
            for (Path file : files.sorted().toList()) {
                text.append(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    static void prepareBase(Layout layout) throws IOException {
        if (!Files.isDirectory(layout.catalinaHome())) {
            throw new IllegalStateException("No Tomcat distribution at " + layout.catalinaHome() + ": run mvn package first");
        }
        if (!Files.isRegularFile(layout.war())) {
            throw new IllegalStateException("No WAR at " + layout.war() + ": run mvn package first");
        }
        deleteRecursively(layout.base());
        for (String dir : List.of("conf", "bin", "logs", "temp", "work", "webapps")) {
            Files.createDirectories(layout.base().resolve(dir));
        }
        copyTree(layout.catalinaHome().resolve("conf"), layout.base().resolve("conf"));
        copyTree(layout.tomcatConf(), layout.base());
        Files.copy(layout.war(), layout.base().resolve("webapps/citas.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (from.relativize(dir).toString().equals("systemd")) {
                    return FileVisitResult.SKIP_SUBTREE; // the unit file is installed into systemd, not CATALINA_BASE
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, no undeploy, connections cut mid-request. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    /** Graceful stop (SIGTERM runs Tomcat's shutdown hook), then a hard kill if it lingers. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
