package app.citas.testing;

import app.citas.dev.FreePorts;
import app.citas.stack.RedisKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL and Redis of the in-process tier, one of each per test JVM: embedded (zonky PostgreSQL, the
 * redis-server binary of embedded-redis) or the external ones named by CITAS_TEST_DB_URL / CITAS_TEST_DB_USER /
 * CITAS_TEST_DB_PASSWORD and CITAS_TEST_REDIS_URL. Each test class gets a schema and a key prefix of its own.
 */
public final class TestServers implements ExtensionContext.Store.CloseableResource {
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String redisUrl;
    private final EmbeddedPostgres embeddedPostgres;
    private final RedisServer embeddedRedis;

    private TestServers(String dbUrl, String dbUser, String dbPassword, String redisUrl,
                        EmbeddedPostgres embeddedPostgres, RedisServer embeddedRedis) {
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.redisUrl = redisUrl;
        this.embeddedPostgres = embeddedPostgres;
        this.embeddedRedis = embeddedRedis;
    }

    /** Gives a test method or constructor the servers as a {@code TestServers} parameter. */
    public static final class Resolver implements org.junit.jupiter.api.extension.ParameterResolver {
        @Override
        public boolean supportsParameter(org.junit.jupiter.api.extension.ParameterContext parameter,
                                         ExtensionContext context) {
            return parameter.getParameter().getType() == TestServers.class;
        }

        @Override
        public Object resolveParameter(org.junit.jupiter.api.extension.ParameterContext parameter,
                                       ExtensionContext context) {
            return of(context);
        }
    }

    /** The servers of this JVM, started on first use and stopped when the whole run is over. */
    public static TestServers of(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TestServers.class, key -> start(), TestServers.class);
    }

    private static TestServers start() {
        EmbeddedPostgres postgres = null;
        RedisServer redis = null;
        try {
            String dbUrl = env("CITAS_TEST_DB_URL");
            String dbUser = env("CITAS_TEST_DB_USER") == null ? "postgres" : env("CITAS_TEST_DB_USER");
            String dbPassword = env("CITAS_TEST_DB_PASSWORD") == null ? "" : env("CITAS_TEST_DB_PASSWORD");
            if (dbUrl == null) {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("timezone", "UTC")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setPort(FreePorts.pick())
                        .start();
                dbUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
                dbUser = "postgres";
                dbPassword = "";
            }
            String redisUrl = env("CITAS_TEST_REDIS_URL");
            if (redisUrl == null) {
                int port = FreePorts.pick();
                redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("daemonize no").setting("appendonly no").setting("save \"\"").build();
                redis.start();
                redisUrl = "redis://127.0.0.1:" + port + "/0";
            }
            return new TestServers(dbUrl, dbUser, dbPassword, redisUrl, postgres, redis);
        } catch (IOException | RuntimeException e) {
            stopQuietly(postgres, redis);
            throw new IllegalStateException("Could not start PostgreSQL and Redis for the tests: " + e.getMessage(), e);
        }
    }

    /** A new, empty schema {@code citas_ix_<random>}; closing it drops it with everything in it. */
    public TestSchema newSchema() {
        String name = "citas_ix_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create schema " + name);
        String url = dbUrl + (dbUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
        return new TestSchema(name, url, dbUser, dbPassword, () -> execute("drop schema if exists " + name + " cascade"));
    }

    /** A key prefix no other test class (nor an earlier run against the same Redis) uses. */
    public static String newKeyPrefix() {
        return "citas-ix-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public String redisUrl() {
        return redisUrl;
    }

    /** Removes every key under the prefix (SCAN + UNLINK), leaving a shared Redis as the tests found it. */
    public void forgetKeys(String prefix) {
        RedisKeys.unlinkAll(redisUrl, prefix);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stopQuietly(embeddedPostgres, embeddedRedis);
    }

    private static void stopQuietly(EmbeddedPostgres postgres, RedisServer redis) {
        try {
            if (redis != null && redis.isActive()) {
                redis.stop();
            }
        } catch (IOException | RuntimeException e) {
            // The JVM is ending; the child process goes with it.
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException | RuntimeException e) {
            // As above.
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

}
