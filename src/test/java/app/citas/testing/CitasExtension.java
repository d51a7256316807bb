package app.citas.testing;

import app.citas.Citas;
import app.citas.CitasSettings;
import app.citas.platform.Readiness;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.management.ObjectName;
import org.glassfish.jersey.server.ApplicationHandler;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole application in process, one per test class, as Dropwizard's app extension: {@code Citas.start} on a real
 * PostgreSQL (a fresh schema, migrated by the application) and a real Redis (a key prefix of its own), its servlet
 * filters and Jersey application driven in memory by {@link Api}. Everything is removed after the class.
 *
 * <pre>{@code @RegisterExtension static final CitasExtension CITAS = new CitasExtension();}</pre>
 */
public final class CitasExtension implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final Function<Map<String, String>, Map<String, String>> overrides;
    private final List<Object> extraComponents;
    private final Map<String, String> staffTokens = new ConcurrentHashMap<>();
    private TestServers servers;
    private TestSchema schema;
    private String keyPrefix;
    private Citas citas;
    private InProcessHttp http;
    private InProcessHttp without;

    public CitasExtension() {
        this(Map.of());
    }

    /** @param overrides settings (environment variable names) over the test defaults */
    public CitasExtension(Map<String, String> overrides) {
        this(overrides, List.of());
    }

    /**
     * @param extraComponents JAX-RS components added to the application, such as a probe resource that looks at the
     *                        unit of work from inside a request
     */
    public CitasExtension(Map<String, String> overrides, List<Object> extraComponents) {
        Map<String, String> copy = Map.copyOf(overrides);
        this.overrides = defaults -> copy;
        this.extraComponents = List.copyOf(extraComponents);
    }

    /**
     * @param overrides given the test defaults when the class starts (after the extensions registered before this
     *                  one), returns the settings over them: settings that name servers a test starts itself (an
     *                  earlier extension's Redis Sentinels or PostgreSQL servers)
     */
    public CitasExtension(Function<Map<String, String>, Map<String, String>> overrides, List<Object> extraComponents) {
        this.overrides = overrides;
        this.extraComponents = List.copyOf(extraComponents);
    }

    /** The settings a test application gets: the class's schema and key prefix, quotas no test reaches. */
    public static Map<String, String> settings(TestServers servers, TestSchema schema, String keyPrefix) {
        Map<String, String> settings = new HashMap<>();
        settings.put("CITAS_DB_URL", schema.url());
        settings.put("CITAS_DB_USER", schema.user());
        settings.put("CITAS_DB_PASSWORD", schema.password());
        settings.put("CITAS_DB_POOL_SIZE", "4");
        settings.put("CITAS_REDIS_URL", servers.redisUrl());
        settings.put("CITAS_REDIS_TIMEOUT_MS", "1000");
        settings.put("CITAS_REDIS_KEY_PREFIX", keyPrefix);
        settings.put("CITAS_QUOTA_ANONYMOUS_PER_HOUR", "10000000");
        settings.put("CITAS_QUOTA_USER_PER_HOUR", "10000000");
        settings.put("CITAS_QUOTA_STAFF_PER_HOUR", "10000000");
        settings.put("CITAS_SIGNIN_FAILURES_PER_IP", "1000000");
        return settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        servers = TestServers.of(context);
        schema = servers.newSchema();
        keyPrefix = TestServers.newKeyPrefix();
        Map<String, String> settings = settings(servers, schema, keyPrefix);
        settings.putAll(overrides.apply(Map.copyOf(settings)));
        try {
            citas = Citas.start(CitasSettings.from(settings::get), Clock.systemUTC());
            extraComponents.forEach(citas.application()::register);
            http = new InProcessHttp(citas.application(), citas.filters().stream().map(Citas.ApiFilter::filter).toList());
        } catch (RuntimeException | Error e) {
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (without != null) {
            without.close();
            without = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        if (citas != null) {
            citas.close();
            citas = null;
        }
        if (keyPrefix != null) {
            servers.forgetKeys(keyPrefix);
        }
        if (schema != null) {
            schema.close();
            schema = null;
        }
    }

    /** The node's readiness, which a warm-up marks warming. */
    public Readiness readiness() {
        return citas.warmup().readiness();
    }

    /** An anonymous client. */
    public Api api() {
        return new Api(http);
    }

    /**
     * An anonymous client of the same application whose requests skip one servlet filter (by its registration
     * name): to compare what a filter answers with what Jersey would have; closed with the extension.
     */
    public Api apiWithout(String filterName) {
        if (without == null) {
            without = new InProcessHttp(citas.application(), citas.filters().stream()
                    .filter(filter -> !filter.name().equals(filterName)).map(Citas.ApiFilter::filter).toList());
        }
        return new Api(without);
    }

    /** A client signed in as a new customer. */
    public Api customer() {
        return api().as(api().newCustomer(unique("customer")));
    }

    /**
     * A client signed in as staff. Staff accounts are made only by the operator command; here a registered account is
     * promoted in the database, which is what that command's outcome is.
     */
    public Api staff() {
        return api().as(staffToken("staff"));
    }

    public String staffToken(String username) {
        return staffTokens.computeIfAbsent(username, name -> {
            String token = api().newCustomer(name);
            update("update users set role = 'STAFF' where username = ?", name);
            return token;
        });
    }

    /** A name no other test of this JVM uses. */
    public static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A connection to this class's schema, for checking rows behind the API's back. */
    public Connection jdbc() throws SQLException {
        return schema.connect();
    }

    /** The single number a query returns, e.g. {@code select count(*) from appointments}. */
    public long number(String sql, Object... parameters) {
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** SQL statements the application has sent so far: the {@code citas:type=Database} MBean, read in process. */
    public long sqlStatements() {
        return databaseCount("SqlStatementCount");
    }

    /** Database transactions the application has made so far: the {@code citas:type=Database} MBean, in process. */
    public long transactions() {
        return databaseCount("TransactionCount");
    }

    /** Hibernate sessions the requests have opened so far: the {@code citas:type=Database} MBean, in process. */
    public long sessions() {
        return databaseCount("SessionCount");
    }

    private static long databaseCount(String attribute) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("citas:type=Database"), attribute)).longValue();
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A counter of a cache region's MBean ({@code citas:type=Cache,name=<region>}), such as Hits or Misses. */
    public long cacheCounter(String region, String attribute) {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("citas:type=Cache,name=" + region), attribute);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This class's Redis key prefix (every key the application writes starts with it). */
    public String keyPrefix() {
        return keyPrefix;
    }

    public String redisUrl() {
        return servers.redisUrl();
    }

    /** The Jersey application's handler, without the servlet filters in front of it. */
    public ApplicationHandler applicationHandler() {
        return http.jersey();
    }

    /** The running application, for the few tests that need more than HTTP. */
    public Citas citas() {
        return citas;
    }
}
