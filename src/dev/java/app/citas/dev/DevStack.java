package app.citas.dev;

import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/run.sh: Tomcat with the project's tomcat-conf and the WAR at /citas, on embedded PostgreSQL and Redis
 * (data under ./data) unless CITAS_DB_URL / CITAS_REDIS_URL name real ones. Runs in the foreground; Ctrl-C stops all.
 */
public final class DevStack {
    private static final int EMBEDDED_PG_PORT = 15432;
    private static final int EMBEDDED_REDIS_PORT = 16379;
    private static final int JMX_PORT = 9010;

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        DevLogging.oneLine();
        Path project = Path.of(System.getProperty("citas.projectDir", ".")).toAbsolutePath().normalize();
        // Other data and base directories let a second stack (scripts/soak.sh) run beside a developer's run.sh.
        Path data = project.resolve(env("CITAS_DATA_DIR", "data"));
        int httpPort = Integer.parseInt(env("CITAS_HTTP_PORT", "8080"));
        List<Component> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "citas-devstack-stop"));
        stopInOrderOnSignals(started);

        Map<String, String> appEnv = new HashMap<>();
        List<String> summary = new ArrayList<>();
        String dbUrl = System.getenv("CITAS_DB_URL");
        if (dbUrl == null || dbUrl.isBlank()) {
            int pgPort = port("CITAS_EMBEDDED_PG_PORT", EMBEDDED_PG_PORT);
            String pgData = project.relativize(data.resolve("postgres")).toString();
            System.out.println("Starting embedded PostgreSQL on :" + pgPort + " (" + pgData + ")…");
            EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"), pgPort);
            started.add(0, new Component("embedded PostgreSQL on :" + db.port() + " (data kept in " + pgData + ")", db));
            appEnv.put("CITAS_DB_URL", db.jdbcUrl());
            appEnv.put("CITAS_DB_USER", "postgres");
            appEnv.put("CITAS_DB_PASSWORD", "");
            summary.add("embedded PostgreSQL on :" + db.port() + " (data/postgres)");
        } else {
            summary.add("PostgreSQL at " + SettingsReader.redactPassword(dbUrl));
        }
        String redisUrl = System.getenv("CITAS_REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            int redisPort = port("CITAS_EMBEDDED_REDIS_PORT", EMBEDDED_REDIS_PORT);
            System.out.println("Starting embedded Redis on :" + redisPort + " ("
                    + project.relativize(data.resolve("redis")) + ")…");
            EmbeddedRedis redis = EmbeddedRedis.start(data.resolve("redis"), redisPort);
            started.add(0, new Component("embedded Redis on :" + redis.port(), redis));
            appEnv.put("CITAS_REDIS_URL", redis.url());
            summary.add("embedded Redis on :" + redis.port() + " (data/redis)");
        } else {
            summary.add("Redis at " + RedisSettings.redact(redisUrl));
        }
        Map<String, String> tomcatEnv = new HashMap<>(appEnv);
        Map<String, String> scriptEnv = new HashMap<>(appEnv);
        String jmxPort = env("CITAS_JMX_PORT", String.valueOf(JMX_PORT));
        if (jmxPort.equals("off")) {
            tomcatEnv.put("CITAS_JMX_PORT", "");
        } else {
            String monitorPassword = randomPassword();
            String controlPassword = randomPassword();
            writeOwnerOnly(data.resolve("jmxremote.password"),
                    "monitor " + monitorPassword + "\ncontrol " + controlPassword + "\n");
            tomcatEnv.put("CITAS_JMX_PORT", jmxPort);
            tomcatEnv.put("CITAS_JMX_PASSWORD_FILE", data.resolve("jmxremote.password").toString());
            // The control password too, for jconsole: data/ is this developer's alone.
            scriptEnv.putAll(Map.of("CITAS_JMX_PORT", jmxPort, "CITAS_JMX_USER", "monitor",
                    "CITAS_JMX_PASSWORD", monitorPassword, "CITAS_JMX_CONTROL_PASSWORD", controlPassword));
            summary.add("JMX on 127.0.0.1:" + jmxPort + " (scripts/status.sh)");
        }
        writeStackEnv(data, scriptEnv);

        TomcatProcess.Layout layout = TomcatProcess.Layout.fromBuild(project, System.getProperty("citas.tomcatVersion"),
                project.resolve(env("CITAS_RUN_BASE", "target/run-base")));
        System.out.println("Starting Tomcat " + System.getProperty("citas.tomcatVersion") + " on :" + httpPort
                + " (migrations and the warm-up run before it answers)…");
        TomcatProcess tomcat = TomcatProcess.start(layout, httpPort, tomcatEnv, true);
        started.add(0, new Component("Tomcat on :" + httpPort, tomcat));
        Files.writeString(data.resolve("tomcat.pid"), tomcat.process().pid() + "\n");
        String baseUrl = "http://localhost:" + httpPort + "/citas/api/v1";
        System.out.println();
        System.out.println("Citas is up at " + baseUrl + "  (health: " + baseUrl + "/health)");
        System.out.println("Started Tomcat " + System.getProperty("citas.tomcatVersion") + " with tomcat-conf/ on :"
                + httpPort + ", " + String.join(", ", summary) + ". Ctrl-C stops everything.");
        System.out.println();
        int exit = tomcat.process().waitFor();
        System.exit(exit == 143 || exit == 130 ? 0 : exit);
    }

    /**
     * Lets scripts/create-user.sh find the embedded database of a running stack, and scripts/status.sh its JMX port
     * and monitor password (so the file is readable by its owner only).
     */
    private static void writeStackEnv(Path data, Map<String, String> appEnv) throws IOException {
        StringBuilder text = new StringBuilder("# Written by scripts/run.sh for the other scripts; do not edit.\n");
        appEnv.forEach((k, v) -> text.append("export ").append(k).append("='").append(v).append("'\n"));
        writeOwnerOnly(data.resolve("stack.env"), text.toString());
    }

    /** Like scripts/jmx-credentials.sh at install time, but fresh on every start (the JVM hashes the file it reads). */
    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Mode 600 from the start: the JDK refuses a JMX password file others can read. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    /** A started server and how to name it when it stops. */
    private record Component(String name, AutoCloseable service) {
    }

    /**
     * Ctrl-C and TERM stop everything in order before the JVM exits. Left to a shutdown hook alone, the stop would
     * race the hooks libraries register: embedded-redis's stops Redis while Tomcat is still stopping, and the
     * application then logs that it lost Redis. Shutdown hooks run only after this, and find nothing left to stop.
     */
    private static void stopInOrderOnSignals(List<Component> started) {
        for (String name : List.of("INT", "TERM")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                stopAll(started);
                System.exit(128 + signal.getNumber());
            });
        }
    }

    /** Newest first: Tomcat before the servers it uses. One line each, so Ctrl-C says what it stopped. Once. */
    private static void stopAll(List<Component> started) {
        synchronized (started) {
            for (Component component : started) {
                try {
                    component.service().close();
                    System.out.println("Stopped " + component.name());
                } catch (Exception e) {
                    System.err.println("While stopping " + component.name() + ": " + e.getMessage());
                }
            }
            started.clear();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }
}
