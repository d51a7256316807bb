package app.citas.platform;

import java.time.Duration;

/** The PostgreSQL connection pool: where, as whom, how many connections, how long to wait; whether to migrate. */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectionTimeout,
                               Duration statementTimeout, boolean migrateOnStart) {
    public static final String URL = "CITAS_DB_URL";
    public static final String USER = "CITAS_DB_USER";
    public static final String PASSWORD = "CITAS_DB_PASSWORD";
    public static final String POOL_SIZE = "CITAS_DB_POOL_SIZE";
    public static final String CONNECTION_TIMEOUT_MS = "CITAS_DB_CONNECTION_TIMEOUT_MS";
    public static final String STATEMENT_TIMEOUT_MS = "CITAS_DB_STATEMENT_TIMEOUT_MS";
    public static final String MIGRATE = "CITAS_DB_MIGRATE";

    public static DatabaseSettings read(SettingsReader reader) {
        return new DatabaseSettings(
                reader.requiredJdbcUrl(URL),
                reader.text(USER, "postgres"),
                reader.text(PASSWORD, ""),
                reader.integer(POOL_SIZE, defaultPoolSize(), 1, 200),
                Duration.ofMillis(reader.integer(CONNECTION_TIMEOUT_MS, 2000, 250, 60_000)),
                Duration.ofMillis(reader.integer(STATEMENT_TIMEOUT_MS, 5000, 100, 600_000)),
                reader.bool(MIGRATE, true));
    }

    /** HikariCP's "About Pool Sizing": connections = cores * 2 + effective spindles (1 for SSD). */
    public static int defaultPoolSize() {
        return Runtime.getRuntime().availableProcessors() * 2 + 1;
    }

    /** The URL with any password parameter masked: for messages and logs. */
    public String safeUrl() {
        return url == null ? null : SettingsReader.redactPassword(url);
    }

    /** Never the password, neither the variable's nor one inside the URL. */
    @Override
    public String toString() {
        return "db=" + safeUrl() + " user=" + user + " pool=" + poolSize;
    }
}
