package app.citas.stack;

import app.citas.dev.Api;
import app.citas.dev.EmbeddedRedis;
import app.citas.dev.FreePorts;
import app.citas.dev.TomcatProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The real stack the integration tests run against: PostgreSQL and Redis (embedded, or external ones named by
 * CITAS_TEST_DB_URL / CITAS_TEST_REDIS_URL, in a fresh schema), and the built WAR in a real Tomcat 11
 * configured from tomcat-conf/. One per test JVM.
 */
public final class TestStack implements AutoCloseable {
    private final Database database;
    private final EmbeddedRedis embeddedRedis;
    private final String redisUrl;
    private TomcatProcess tomcat;
    private final int jmxPort;
    private final Map<String, String> environment;
    private TomcatProcess secondNode;
    private final Map<String, String> staffTokens = new ConcurrentHashMap<>();
    private JMXConnector jmx;

    private TestStack(Database database, EmbeddedRedis embeddedRedis, String redisUrl, TomcatProcess tomcat, int jmxPort,
                      Map<String, String> environment) {
        this.environment = environment;
        this.database = database;
        this.embeddedRedis = embeddedRedis;
        this.redisUrl = redisUrl;
        this.tomcat = tomcat;
        this.jmxPort = jmxPort;
    }

    /** Where the app's data lives: a JDBC URL, its credentials, and how to clean up. */
    record Database(String url, String user, String password, AutoCloseable cleanup) {
        /** The embedded PostgreSQL, which fault tests may stop and restart; null for an external one. */
        RestartableDatabase embedded() {
            return cleanup instanceof RestartableDatabase db ? db : null;
        }
    }

    /**
     * The shared stack: quotas on, with limits no test run can reach (QuotaIT checks the real ones); so is the limit
     * of failed sign-ins per client IP, since every test signs in from 127.0.0.1 (the per-username one stays 10).
     */
    public static TestStack start() throws Exception {
        return start(Map.of("CITAS_QUOTA_ANONYMOUS_PER_HOUR", "10000000", "CITAS_QUOTA_USER_PER_HOUR", "10000000",
                "CITAS_QUOTA_STAFF_PER_HOUR", "10000000", "CITAS_SIGNIN_FAILURES_PER_IP", "1000000"));
    }

    /** A private stack whose application nodes get these extra environment variables. */
    public static TestStack start(Map<String, String> overrides) throws Exception {
        Database database = database();
        try {
            return start(database, overrides);
        } catch (Exception | Error e) {
            database.cleanup().close();
            throw e;
        }
    }

    private static TestStack start(Database database, Map<String, String> overrides) throws Exception {
        EmbeddedRedis embeddedRedis = null;
        String redisUrl = System.getenv("CITAS_TEST_REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            embeddedRedis = EmbeddedRedis.start(null, 0);
            redisUrl = embeddedRedis.url();
        }
        int httpPort = FreePorts.pick();
        // Given CITAS_JMX_PORT (and a password file), the node runs setenv.sh's authenticated JMX, the production
        // path; jmxAttribute() and friends then cannot read it, the test brings its own credentials.
        boolean productionJmx = overrides.containsKey("CITAS_JMX_PORT");
        int jmxPort = productionJmx ? Integer.parseInt(overrides.get("CITAS_JMX_PORT")) : FreePorts.pick();
        Map<String, String> env = new HashMap<>();
        env.put("CITAS_DB_URL", database.url());
        env.put("CITAS_DB_USER", database.user());
        env.put("CITAS_DB_PASSWORD", database.password());
        env.put("CITAS_REDIS_URL", redisUrl);
        env.put("CITAS_HTTP_ADDRESS", "127.0.0.1");
        env.put("CITAS_HEAP", "384m");
        // A loaded 2-core CI machine can stall Redis replies past the 200 ms production default.
        env.put("CITAS_REDIS_TIMEOUT_MS", "1000");
        // Its own key space, so stacks sharing an external Redis (and earlier runs against it) never meet.
        String stackId = UUID.randomUUID().toString().substring(0, 8);
        env.put("CITAS_REDIS_KEY_PREFIX", "citas-it-" + stackId + ":");
        env.put("CITAS_CACHE_PREFIX", ""); // its older name, exported in the developer's shell, must not disagree
        // The warm-up runs, both parts (HealthIT checks their order), but short: every start waits for it.
        env.put("CITAS_WARMUP_SECONDS", "1");
        env.put("CITAS_WARMUP_HTTP_SECONDS", "1");
        if (!productionJmx) {
            env.put("CITAS_JMX_PORT", ""); // a CITAS_JMX_PORT exported in the developer's shell must not apply
        }
        env.putAll(overrides);
        // Test-only JMX: loopback, no authentication, so tests can read the MBeans.
        env.put("CATALINA_OPTS", productionJmx ? "" : "-Dcom.sun.management.jmxremote.port=" + jmxPort
                + " -Dcom.sun.management.jmxremote.rmi.port=" + jmxPort
                + " -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1"
                + " -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false");
        Path build = Path.of(System.getProperty("citas.buildDir", "target"));
        TomcatProcess.Layout layout = new TomcatProcess.Layout(Path.of(System.getProperty("citas.tomcatHome")),
                Path.of(System.getProperty("citas.tomcatConf")), Path.of(System.getProperty("citas.war")),
                // Its own CATALINA_BASE: preparing one wipes it, which must never pull the files from under a running stack.
                build.resolve("it-tomcat-" + stackId));
        TomcatProcess tomcat;
        try {
            tomcat = TomcatProcess.start(layout, httpPort, env, false);
        } catch (Exception | Error e) {
            if (embeddedRedis != null) {
                embeddedRedis.close();
            }
            throw e;
        }
        env.remove("CATALINA_OPTS");
        return new TestStack(database, embeddedRedis, redisUrl, tomcat, jmxPort, Map.copyOf(env));
    }

    static Database database() throws Exception {
        String external = System.getenv("CITAS_TEST_DB_URL");
        if (external == null || external.isBlank()) {
            RestartableDatabase db = RestartableDatabase.start();
            return new Database(db.jdbcUrl(), "postgres", "", db);
        }
        String user = System.getenv().getOrDefault("CITAS_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("CITAS_TEST_DB_PASSWORD", "");
        String schema = "citas_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(external, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String url = external + (external.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Database(url, user, password, () -> {
            try (Connection c = DriverManager.getConnection(external, user, password); Statement s = c.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            }
        });
    }

    /** A second application node sharing this stack's PostgreSQL and Redis (started once, on first use). */
    public synchronized Api secondNode() throws Exception {
        if (secondNode == null) {
            Path build = Path.of(System.getProperty("citas.buildDir", "target"));
            TomcatProcess.Layout layout = new TomcatProcess.Layout(Path.of(System.getProperty("citas.tomcatHome")),
                    Path.of(System.getProperty("citas.tomcatConf")), Path.of(System.getProperty("citas.war")),
                    tomcat.base().resolveSibling(tomcat.base().getFileName() + "-node2"));
            Map<String, String> env = new HashMap<>(environment);
            env.put("CITAS_DB_MIGRATE", "false");
            secondNode = TomcatProcess.start(layout, FreePorts.pick(), env, false);
        }
        return new Api(secondNode.baseUrl());
    }

    /** Environment of the application nodes, for operator scripts run by tests. */
    public Map<String, String> environment() {
        return environment;
    }

    public synchronized Api api() {
        return new Api(tomcat.baseUrl());
    }

    public synchronized String baseUrl() {
        return tomcat.baseUrl();
    }

    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    /** Stops the embedded PostgreSQL (fault tests on a private stack only); {@link #restartDatabase()} brings it back. */
    public void stopDatabase() throws Exception {
        embeddedDatabase().stop();
    }

    /** Starts the stopped embedded PostgreSQL again, same port, same data. */
    public void restartDatabase() throws Exception {
        embeddedDatabase().restart();
    }

    private RestartableDatabase embeddedDatabase() {
        if (database.embedded() == null) {
            throw new IllegalStateException("will not stop an external database");
        }
        return database.embedded();
    }

    /** kill -9 of the first node's Tomcat (fault tests on a private stack only). */
    public synchronized void killTomcat() throws Exception {
        closeJmx();
        tomcat.kill();
    }

    /** Starts the killed first node again on the same base and port; returns once /health answers. */
    public synchronized void restartTomcat() throws Exception {
        tomcat = tomcat.restart();
    }

    private synchronized void closeJmx() {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException alreadyGone) {
                // The node it talked to is being killed.
            }
            jmx = null;
        }
    }

    /** The loopback JMX port of the (first) application node. */
    public int jmxPort() {
        return jmxPort;
    }

    public EmbeddedRedis embeddedRedis() {
        return embeddedRedis;
    }

    public synchronized TomcatProcess tomcat() {
        return tomcat;
    }

    /** SQL statements the application has sent so far, read over JMX from citas:type=Database. */
    public long sqlStatements() throws Exception {
        return (Long) jmxAttribute("citas:type=Database", "SqlStatementCount");
    }

    /** Database transactions the first node has begun (connections Hibernate took from the pool). */
    public long transactions() throws Exception {
        return (Long) jmxAttribute("citas:type=Database", "TransactionCount");
    }

    /** Hibernate sessions the first node's requests have opened. */
    public long sessions() throws Exception {
        return (Long) jmxAttribute("citas:type=Database", "SessionCount");
    }

    /** An attribute of an MBean of the (first) application node, over JMX. */
    public synchronized Object jmxAttribute(String objectName, String attribute) throws Exception {
        return jmx().getAttribute(new ObjectName(objectName), attribute);
    }

    /** The MBean names matching a pattern such as {@code citas:type=Database,*}, sorted. */
    public synchronized List<String> jmxNames(String pattern) throws Exception {
        return jmx().queryNames(new ObjectName(pattern), null).stream().map(ObjectName::toString).sorted().toList();
    }

    public synchronized Object jmxInvoke(String objectName, String operation) throws Exception {
        return jmx().invoke(new ObjectName(objectName), operation, new Object[0], new String[0]);
    }

    /** Invokes an operation whose parameters are all strings. */
    public synchronized Object jmxInvoke(String objectName, String operation, Object[] arguments) throws Exception {
        String[] signature = new String[arguments.length];
        java.util.Arrays.fill(signature, String.class.getName());
        return jmx().invoke(new ObjectName(objectName), operation, arguments, signature);
    }

    private MBeanServerConnection jmx() throws Exception {
        if (jmx == null) {
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        }
        return jmx.getMBeanServerConnection();
    }

    /** A bearer token of a staff account made with the operator command, once per username. */
    public String staffToken(String username) {
        return staffTokens.computeIfAbsent(username, name -> {
            String password = "staff-password-" + name;
            Operator.Result created = Operator.createUser(this, true, name, name + "@staff.example", password);
            if (created.exitCode() != 0) {
                throw new IllegalStateException("create-user.sh failed for " + name + ": " + created.output());
            }
            return api().token(name, password);
        });
    }

    Map<String, String> databaseEnvironment() {
        return Map.of("CITAS_DB_URL", database.url(), "CITAS_DB_USER", database.user(),
                "CITAS_DB_PASSWORD", database.password(), "CITAS_DB_MIGRATE", "false");
    }

    @Override
    public void close() throws Exception {
        closeJmx();
        tomcat.close();
        if (secondNode != null) {
            secondNode.close();
        }
        // The logs and configuration stay for a post-mortem; the unpacked WARs (~80 MB a stack) go.
        for (TomcatProcess node : secondNode == null ? List.of(tomcat) : List.of(tomcat, secondNode)) {
            TomcatProcess.deleteRecursively(node.base().resolve("webapps"));
            TomcatProcess.deleteRecursively(node.base().resolve("work"));
        }
        if (embeddedRedis != null) {
            embeddedRedis.close();
        } else {
            RedisKeys.forget(redisUrl, environment.get("CITAS_REDIS_KEY_PREFIX"));
        }
        database.cleanup().close();
    }

    /** What the first node's Tomcat has written to its console so far. */
    public String tomcatConsole() throws IOException {
        return tomcat.console();
    }

    /** Runs scripts/create-user.sh exactly as an operator would. */
    public static final class Operator {
        private Operator() {
        }

        public static Result createUser(TestStack stack, boolean staff, String username, String email, String password) {
            try {
                var command = new java.util.ArrayList<String>();
                command.add("bash");
                command.add("scripts/create-user.sh");
                if (staff) {
                    command.add("--staff");
                }
                command.add(username);
                command.add(email);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().putAll(stack.databaseEnvironment());
                Process process = builder.start();
                process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Result(process.waitFor(), output);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public record Result(int exitCode, String output) {
        }
    }

}
