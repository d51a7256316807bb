package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.dev.EmbeddedDatabase;
import app.citas.dev.Platform;
import app.citas.dev.Reply;
import app.citas.platform.Migrations;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.RedisSentinelGroup;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code CITAS_DB_URL} with two hosts and {@code targetServerType=primary}, on two private PostgreSQL servers: A, the
 * primary, and B, which answers {@code transaction_read_only = on} as a hot standby does (pgjdbc tells a primary from
 * a standby by exactly that; B is a server of its own with the schema migrated, not a streaming replica, so the
 * test proves the driver's and the pool's behaviour, not PostgreSQL's replication). A is stopped: every request that
 * needs the database is an honest 503 problem+json with Retry-After, none waits longer than the pool's timeout by
 * much and none is a 500; B is then promoted (made writable) and the same node writes to it by itself, with no
 * restart and no change of configuration. Skipped where there are no embedded PostgreSQL binaries.
 */
class DatabaseFailoverInProcessIT {
    private static final int CONNECTION_TIMEOUT_MS = 1000;
    private static EmbeddedDatabase primary;
    private static EmbeddedDatabase standby;

    @RegisterExtension
    @Order(1)
    static final BeforeAllCallback SERVERS = new Servers();

    @RegisterExtension
    @Order(2)
    static final CitasExtension CITAS = new CitasExtension(defaults -> Map.of(
            "CITAS_DB_URL", "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                    + "/postgres?targetServerType=primary",
            "CITAS_DB_USER", "postgres",
            "CITAS_DB_PASSWORD", "",
            "CITAS_DB_CONNECTION_TIMEOUT_MS", String.valueOf(CONNECTION_TIMEOUT_MS),
            "CITAS_CACHE_ENABLED", "true"), List.of());

    /** Starts A and B before Citas (or skips the class); stops them after Citas is closed. */
    private static final class Servers implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            Platform platform = Platform.current();
            assumeTrue(getClass().getClassLoader().getResource(platform.postgresResource()) != null,
                    platform.noEmbeddedPostgres() + ": the database failover test is skipped");
            primary = EmbeddedDatabase.start(null, 0);
            standby = EmbeddedDatabase.start(null, 0);
            try (Connection b = connect(standby)) {
                Migrations.update(b);
            }
            readOnly(standby, true);
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            try {
                if (primary != null) {
                    primary.close();
                }
            } finally {
                primary = null;
                if (standby != null) {
                    standby.close();
                    standby = null;
                }
            }
        }
    }

    /** An administrator's connection, writable even on the "standby". */
    private static Connection connect(EmbeddedDatabase server) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("options", "-c default_transaction_read_only=off");
        Connection connection = DriverManager.getConnection(server.jdbcUrl(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    /** What pgjdbc's targetServerType looks at: {@code transaction_read_only} of new sessions, on or off. */
    private static void readOnly(EmbeddedDatabase server, boolean on) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("alter system set default_transaction_read_only = " + (on ? "on" : "off"));
            statement.execute("select pg_reload_conf()");
        }
    }

    private static Reply register(Api api, String prefix) {
        String name = CitasExtension.unique(prefix);
        return api.post("/auth/register", Map.of("username", name, "email", name + "@example.com",
                "password", "password-of-" + name, "fullName", "Customer " + name));
    }

    @Test
    @Timeout(90)
    void thePrimaryStopsThenTheStandbyIsPromotedAndTheSameNodeWritesThere() throws Exception {
        Api api = CITAS.api();
        assertEquals(201, register(api, "on-a").status(), "written to the primary");
        assertEquals(200, api.get("/health").status());

        primary.close();
        primary = null;

        List<String> unexpected = new ArrayList<>();
        List<Long> gapMillis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Reply reply = register(api, "gap");
            long millis = (System.nanoTime() - start) / 1_000_000;
            gapMillis.add(millis);
            if (reply.status() != 503) {
                unexpected.add(reply.status() + " " + reply.body());
                continue;
            }
            assertTrue(String.valueOf(reply.contentType()).startsWith("application/problem+json"), reply.toString());
            assertNotNull(reply.header("Retry-After"), reply.toString());
            assertTrue(millis < CONNECTION_TIMEOUT_MS + 3000, "answered within the pool's timeout + 3 s: " + millis);
        }
        assertEquals(List.of(), unexpected, "with no primary, a write is 503");
        Reply health = api.get("/health");
        assertEquals(503, health.status(), health.toString());

        long promoted = System.nanoTime();
        readOnly(standby, false);
        List<Integer> statuses = new ArrayList<>();
        RedisSentinelGroup.await(Duration.ofSeconds(30), "a write on the promoted server", () -> {
            int status = register(api, "on-b").status();
            statuses.add(status);
            return status == 201;
        });
        long recovered = System.nanoTime();
        assertTrue(statuses.stream().allMatch(status -> status == 201 || status == 503),
                "between the promotion and the first write only 503s: " + statuses);
        assertEquals(200, api.get("/health").status());
        System.out.printf("Database failover: writes during the gap answered 503 in %s ms; writes on the promoted "
                + "server %d ms after the promotion (statuses meanwhile %s)%n", gapMillis,
                (recovered - promoted) / 1_000_000, statuses);
    }
}
