package app.citas.platform;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The whole configuration, read once from the environment (or system properties of the same name,
 * which win), validated, then immutable. Every problem is reported at once with the variable's name.
 */
public record CitasConfig(
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Duration dbConnectionTimeout,
        Duration dbStatementTimeout,
        boolean migrateOnStart,
        URI redisUri,
        Duration redisTimeout,
        int redisPoolSize,
        Duration redisRetryInterval,
        Duration tokenTtl,
        CacheSettings cache,
        QuotaSettings quota,
        int httpMaxAgeSeconds,
        int maxBodyBytes,
        int maxUpcomingAppointmentsPerCustomer,
        Duration idempotencyKeyTtl,
        boolean benchEndpoint) {

    /**
     * Per-role hourly request quotas (token buckets refilled smoothly) and the limits on failed sign-ins, per
     * username and per client IP, within a window.
     */
    public record QuotaSettings(boolean enabled, int anonymousPerHour, int userPerHour, int staffPerHour,
                                int failedSignInsPerUsername, int failedSignInsPerIp, Duration signInWindow) {
    }

    /** The catalog cache: on or off, its Redis key prefix, and the time to live of each region. */
    public record CacheSettings(boolean enabled, String prefix, Map<String, Duration> timeToLive) {
        public static final List<String> REGIONS = List.of("categories", "services", "resources");

        public Duration timeToLive(String region) {
            return timeToLive.get(region);
        }
    }

    public static final String DB_URL = "CITAS_DB_URL";
    public static final String DB_USER = "CITAS_DB_USER";
    public static final String DB_PASSWORD = "CITAS_DB_PASSWORD";
    public static final String DB_POOL_SIZE = "CITAS_DB_POOL_SIZE";
    public static final String DB_CONNECTION_TIMEOUT_MS = "CITAS_DB_CONNECTION_TIMEOUT_MS";
    public static final String DB_STATEMENT_TIMEOUT_MS = "CITAS_DB_STATEMENT_TIMEOUT_MS";
    public static final String DB_MIGRATE = "CITAS_DB_MIGRATE";
    public static final String REDIS_URL = "CITAS_REDIS_URL";
    public static final String REDIS_TIMEOUT_MS = "CITAS_REDIS_TIMEOUT_MS";
    public static final String REDIS_POOL_SIZE = "CITAS_REDIS_POOL_SIZE";
    public static final String TOKEN_TTL_HOURS = "CITAS_TOKEN_TTL_HOURS";
    public static final String BENCH_ENDPOINT = "CITAS_BENCH_ENDPOINT";
    public static final String REDIS_RETRY_INTERVAL_MS = "CITAS_REDIS_RETRY_INTERVAL_MS";
    public static final String CACHE_ENABLED = "CITAS_CACHE_ENABLED";
    public static final String CACHE_PREFIX = "CITAS_CACHE_PREFIX";
    public static final String CACHE_TTL_SECONDS = "CITAS_CACHE_TTL_SECONDS";
    public static final String HTTP_MAX_AGE_SECONDS = "CITAS_HTTP_MAX_AGE_SECONDS";
    public static final String QUOTA_ENABLED = "CITAS_QUOTA_ENABLED";
    public static final String QUOTA_ANONYMOUS_PER_HOUR = "CITAS_QUOTA_ANONYMOUS_PER_HOUR";
    public static final String QUOTA_USER_PER_HOUR = "CITAS_QUOTA_USER_PER_HOUR";
    public static final String QUOTA_STAFF_PER_HOUR = "CITAS_QUOTA_STAFF_PER_HOUR";
    public static final String SIGNIN_FAILURES_PER_USERNAME = "CITAS_SIGNIN_FAILURES_PER_USERNAME";
    public static final String SIGNIN_FAILURES_PER_IP = "CITAS_SIGNIN_FAILURES_PER_IP";
    public static final String SIGNIN_WINDOW_MINUTES = "CITAS_SIGNIN_WINDOW_MINUTES";
    public static final String MAX_BODY_BYTES = "CITAS_MAX_BODY_BYTES";
    public static final String MAX_UPCOMING_APPOINTMENTS = "CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER";
    public static final String IDEMPOTENCY_KEY_HOURS = "CITAS_IDEMPOTENCY_KEY_HOURS";

    /** A {@code password=} parameter of a JDBC URL, whose value must not reach logs or error messages. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&]password=)[^&]*");

    /** Reads the process environment, letting a JVM system property of the same name override it. */
    public static CitasConfig fromEnvironment() {
        Map<String, String> env = System.getenv();
        return from(name -> System.getProperty(name, env.get(name)));
    }

    public static CitasConfig from(Function<String, String> source) {
        Reader reader = new Reader(source);
        CitasConfig config = new CitasConfig(
                reader.required(DB_URL),
                reader.text(DB_USER, "postgres"),
                reader.text(DB_PASSWORD, ""),
                reader.integer(DB_POOL_SIZE, defaultPoolSize(), 1, 200),
                Duration.ofMillis(reader.integer(DB_CONNECTION_TIMEOUT_MS, 2000, 250, 60_000)),
                Duration.ofMillis(reader.integer(DB_STATEMENT_TIMEOUT_MS, 5000, 100, 600_000)),
                reader.bool(DB_MIGRATE, true),
                reader.redisUri(REDIS_URL, "redis://127.0.0.1:6379/0"),
                Duration.ofMillis(reader.integer(REDIS_TIMEOUT_MS, 200, 10, 10_000)),
                reader.integer(REDIS_POOL_SIZE, 32, 1, 1000),
                Duration.ofMillis(reader.integer(REDIS_RETRY_INTERVAL_MS, 5000, 100, 600_000)),
                Duration.ofHours(reader.integer(TOKEN_TTL_HOURS, 30 * 24, 1, 24 * 365)),
                cacheSettings(reader),
                new QuotaSettings(reader.bool(QUOTA_ENABLED, true),
                        reader.integer(QUOTA_ANONYMOUS_PER_HOUR, 100, 1, 100_000_000),
                        reader.integer(QUOTA_USER_PER_HOUR, 1000, 1, 100_000_000),
                        reader.integer(QUOTA_STAFF_PER_HOUR, 5000, 1, 100_000_000),
                        reader.integer(SIGNIN_FAILURES_PER_USERNAME, 10, 1, 1_000_000),
                        reader.integer(SIGNIN_FAILURES_PER_IP, 50, 1, 1_000_000),
                        Duration.ofMinutes(reader.integer(SIGNIN_WINDOW_MINUTES, 15, 1, 24 * 60))),
                reader.integer(HTTP_MAX_AGE_SECONDS, 60, 0, 86_400),
                reader.integer(MAX_BODY_BYTES, 64 * 1024, 1024, 16 * 1024 * 1024),
                reader.integer(MAX_UPCOMING_APPOINTMENTS, 10, 1, 100_000),
                Duration.ofHours(reader.integer(IDEMPOTENCY_KEY_HOURS, 24, 1, 24 * 30)),
                reader.bool(BENCH_ENDPOINT, false));
        reader.failIfProblems();
        return config;
    }

    /** CITAS_CACHE_TTL_SECONDS for every region, CITAS_CACHE_TTL_SERVICES_SECONDS (etc.) for one. */
    private static CacheSettings cacheSettings(Reader reader) {
        int defaultTtl = reader.integer(CACHE_TTL_SECONDS, 300, 1, 86_400);
        Map<String, Duration> ttl = new java.util.LinkedHashMap<>();
        for (String region : CacheSettings.REGIONS) {
            String name = "CITAS_CACHE_TTL_" + region.toUpperCase(java.util.Locale.ROOT) + "_SECONDS";
            ttl.put(region, Duration.ofSeconds(reader.integer(name, defaultTtl, 1, 86_400)));
        }
        return new CacheSettings(reader.bool(CACHE_ENABLED, true), reader.keyPrefix(CACHE_PREFIX, "citas:"),
                Map.copyOf(ttl));
    }

    /** HikariCP's "About Pool Sizing": connections = cores * 2 + effective spindles (1 for SSD). */
    static int defaultPoolSize() {
        return Runtime.getRuntime().availableProcessors() * 2 + 1;
    }

    /** The Redis database index taken from the URL path ({@code redis://host:port/1}), 0 when absent. */
    public int redisDatabase() {
        String path = redisUri.getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    /** The URL with the value of any {@code password} parameter masked, for logs and messages. */
    static String redactPassword(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "CitasConfig[db=" + redactPassword(dbUrl) + " user=" + dbUser + " pool=" + dbPoolSize
                + ", redis=" + redisUri.getHost() + ":" + redisUri.getPort() + "/" + redisDatabase()
                + ", cache=" + (cache.enabled() ? "on prefix " + cache.prefix() + " ttl " + cache.timeToLive() : "off")
                + ", quotas=" + (quota.enabled() ? "anon " + quota.anonymousPerHour() + "/h user " + quota.userPerHour()
                + "/h staff " + quota.staffPerHour() + "/h" : "off")
                + ", tokenTtl=" + tokenTtl + ", maxBody=" + maxBodyBytes + "B, upcomingPerCustomer="
                + maxUpcomingAppointmentsPerCustomer + "]";
    }

    private static final class Reader {
        private final Function<String, String> source;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, String> source) {
            this.source = source;
        }

        private String raw(String name) {
            String value = source.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(String name) {
            String value = raw(name);
            if (value == null) {
                problems.add(name + " is required (a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/citas)");
            } else if (!value.startsWith("jdbc:postgresql:")) {
                problems.add(name + " must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, got '"
                        + redactPassword(value) + "'");
            }
            return value;
        }

        String text(String name, String fallback) {
            String value = source.apply(name);
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback, int min, int max) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    problems.add(name + " must be between " + min + " and " + max + ", got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                // Digits too many for an int are still a whole number: say what the allowed range is.
                problems.add(value.matches("[+-]?\\d+")
                        ? name + " must be between " + min + " and " + max + ", got " + value
                        : name + " must be a whole number, got '" + value + "'");
                return fallback;
            }
        }

        String keyPrefix(String name, String fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            if (!value.matches("[A-Za-z0-9_.:-]{1,64}")) {
                problems.add(name + " must be 1-64 characters of A-Z a-z 0-9 _ . : - (no glob characters), got '"
                        + value + "'");
            }
            return value;
        }

        boolean bool(String name, boolean fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                problems.add(name + " must be true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        URI redisUri(String name, String fallback) {
            String value = raw(name);
            String text = value == null ? fallback : value;
            try {
                URI uri = URI.create(text);
                if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                    problems.add(name + " must look like redis://host:port/db, got '" + text + "'");
                } else if (uri.getPath() != null && !uri.getPath().matches("/?|/\\d{1,2}")) {
                    problems.add(name + " database must be a number 0-99, got '" + uri.getPath() + "'");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                problems.add(name + " is not a valid URI: '" + text + "'");
                return URI.create(fallback);
            }
        }

        void failIfProblems() {
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid Citas configuration:\n  - " + String.join("\n  - ", problems));
            }
        }
    }
}
