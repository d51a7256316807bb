package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CitasConfigTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/citas";

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(CitasConfig.DB_URL, URL);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static CitasConfig config(String... pairs) {
        return CitasConfig.from(env(pairs)::get);
    }

    /** The validation message when the configuration is refused. */
    private static String problems(Map<String, String> env) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CitasConfig.from(env::get));
        assertTrue(e.getMessage().startsWith("Invalid Citas configuration:\n  - "), e.getMessage());
        return e.getMessage();
    }

    private static String problems(String... pairs) {
        return problems(env(pairs));
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected <" + expected + "> in <" + text + ">");
    }

    @Test
    void defaults() {
        CitasConfig config = config();

        assertEquals(URL, config.dbUrl());
        assertEquals("postgres", config.dbUser());
        assertEquals("", config.dbPassword());
        assertEquals(Runtime.getRuntime().availableProcessors() * 2 + 1, config.dbPoolSize());
        assertEquals(CitasConfig.defaultPoolSize(), config.dbPoolSize());
        assertEquals(Duration.ofMillis(2000), config.dbConnectionTimeout());
        assertEquals(Duration.ofMillis(5000), config.dbStatementTimeout());
        assertTrue(config.migrateOnStart());
        assertEquals(URI.create("redis://127.0.0.1:6379/0"), config.redisUri());
        assertEquals(0, config.redisDatabase());
        assertEquals(Duration.ofMillis(200), config.redisTimeout());
        assertEquals(32, config.redisPoolSize());
        assertEquals(Duration.ofSeconds(5), config.redisRetryInterval());
        assertEquals(Duration.ofDays(30), config.tokenTtl());
        assertTrue(config.cache().enabled());
        assertEquals("citas:", config.cache().prefix());
        for (String region : CitasConfig.CacheSettings.REGIONS) {
            assertEquals(Duration.ofMinutes(5), config.cache().timeToLive(region), region);
        }
        assertEquals(60, config.httpMaxAgeSeconds());
        assertEquals(65536, config.maxBodyBytes());
        assertEquals(10, config.maxUpcomingAppointmentsPerCustomer());
        assertEquals(Duration.ofHours(24), config.idempotencyKeyTtl());
        assertFalse(config.benchEndpoint());
    }

    @Test
    void cacheTimeToLiveForAllRegionsAndForOne() {
        CitasConfig config = config(CitasConfig.CACHE_TTL_SECONDS, "120", "CITAS_CACHE_TTL_SERVICES_SECONDS", "30",
                CitasConfig.CACHE_ENABLED, "false", CitasConfig.CACHE_PREFIX, "citas-test:1.");
        assertFalse(config.cache().enabled());
        assertEquals("citas-test:1.", config.cache().prefix());
        assertEquals(Duration.ofSeconds(120), config.cache().timeToLive("categories"));
        assertEquals(Duration.ofSeconds(30), config.cache().timeToLive("services"));
        assertEquals(Duration.ofSeconds(120), config.cache().timeToLive("resources"));
        assertContains(config.toString(), "cache=off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"citas*", "a b", "citas:{x}", "ñ"})
    void cachePrefixWithoutGlobCharacters(String value) {
        assertContains(problems(CitasConfig.CACHE_PREFIX, value), "CITAS_CACHE_PREFIX must be 1-64 characters of "
                + "A-Z a-z 0-9 _ . : - (no glob characters), got '" + value + "'");
    }

    @Test
    void cachePrefixAtMost64Characters() {
        assertEquals("p".repeat(64), config(CitasConfig.CACHE_PREFIX, "p".repeat(64)).cache().prefix());
        assertContains(problems(CitasConfig.CACHE_PREFIX, "p".repeat(65)), "CITAS_CACHE_PREFIX must be 1-64");
    }

    @Test
    void blankValuesCountAsAbsent() {
        CitasConfig config = config(CitasConfig.DB_POOL_SIZE, "  ", CitasConfig.DB_MIGRATE, "",
                CitasConfig.REDIS_URL, " ", CitasConfig.TOKEN_TTL_HOURS, "\t");

        assertEquals(CitasConfig.defaultPoolSize(), config.dbPoolSize());
        assertTrue(config.migrateOnStart());
        assertEquals(URI.create("redis://127.0.0.1:6379/0"), config.redisUri());
        assertEquals(Duration.ofHours(720), config.tokenTtl());
    }

    @Test
    void everyValueCanBeSet() {
        CitasConfig config = config(
                CitasConfig.DB_USER, "citas_app",
                CitasConfig.DB_PASSWORD, "s3cret",
                CitasConfig.DB_POOL_SIZE, " 12 ",
                CitasConfig.DB_CONNECTION_TIMEOUT_MS, "250",
                CitasConfig.DB_STATEMENT_TIMEOUT_MS, "600000",
                CitasConfig.DB_MIGRATE, "FALSE",
                CitasConfig.REDIS_URL, "redis://cache.example:6380/3",
                CitasConfig.REDIS_TIMEOUT_MS, "10",
                CitasConfig.REDIS_POOL_SIZE, "1000",
                CitasConfig.TOKEN_TTL_HOURS, "1");

        assertEquals("citas_app", config.dbUser());
        assertEquals("s3cret", config.dbPassword());
        assertEquals(12, config.dbPoolSize());
        assertEquals(Duration.ofMillis(250), config.dbConnectionTimeout());
        assertEquals(Duration.ofMinutes(10), config.dbStatementTimeout());
        assertFalse(config.migrateOnStart());
        assertEquals("cache.example", config.redisUri().getHost());
        assertEquals(6380, config.redisUri().getPort());
        assertEquals(3, config.redisDatabase());
        assertEquals(Duration.ofMillis(10), config.redisTimeout());
        assertEquals(1000, config.redisPoolSize());
        assertEquals(Duration.ofHours(1), config.tokenTtl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", " true "})
    void trueInAnyCase(String value) {
        assertTrue(config(CitasConfig.DB_MIGRATE, value).migrateOnStart());
    }

    @Test
    void missingDbUrl() {
        Map<String, String> env = env();
        env.remove(CitasConfig.DB_URL);
        assertEquals("Invalid Citas configuration:\n  - CITAS_DB_URL is required "
                + "(a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/citas)", problems(env));
    }

    @Test
    void blankDbUrlIsMissing() {
        assertContains(problems(CitasConfig.DB_URL, "   "), "CITAS_DB_URL is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://db:3306/citas", "postgresql://db:5432/citas", "jdbc:postgres://db/citas"})
    void nonPostgresqlDbUrl(String url) {
        assertContains(problems(CitasConfig.DB_URL, url),
                "CITAS_DB_URL must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, got '" + url + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "CITAS_DB_POOL_SIZE, ten",
            "CITAS_DB_POOL_SIZE, 1.5",
            "CITAS_DB_POOL_SIZE, 0x10",
            "CITAS_DB_CONNECTION_TIMEOUT_MS, 2s",
            "CITAS_DB_STATEMENT_TIMEOUT_MS, 5_000",
            "CITAS_REDIS_TIMEOUT_MS, 1e3",
            "CITAS_REDIS_POOL_SIZE, 3 2",
            "CITAS_TOKEN_TTL_HOURS, 30d"})
    void nonNumeric(String name, String value) {
        assertContains(problems(name, value), name + " must be a whole number, got '" + value.trim() + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "CITAS_DB_POOL_SIZE, 0, 1, 200",
            "CITAS_DB_POOL_SIZE, 201, 1, 200",
            "CITAS_DB_POOL_SIZE, -5, 1, 200",
            "CITAS_DB_CONNECTION_TIMEOUT_MS, 249, 250, 60000",
            "CITAS_DB_CONNECTION_TIMEOUT_MS, 60001, 250, 60000",
            "CITAS_DB_STATEMENT_TIMEOUT_MS, 99, 100, 600000",
            "CITAS_DB_STATEMENT_TIMEOUT_MS, 600001, 100, 600000",
            "CITAS_REDIS_TIMEOUT_MS, 9, 10, 10000",
            "CITAS_REDIS_TIMEOUT_MS, 10001, 10, 10000",
            "CITAS_REDIS_POOL_SIZE, 0, 1, 1000",
            "CITAS_REDIS_POOL_SIZE, 1001, 1, 1000",
            "CITAS_TOKEN_TTL_HOURS, 0, 1, 8760",
            "CITAS_TOKEN_TTL_HOURS, 8761, 1, 8760",
            "CITAS_REDIS_RETRY_INTERVAL_MS, 99, 100, 600000",
            "CITAS_CACHE_TTL_SECONDS, 0, 1, 86400",
            "CITAS_CACHE_TTL_RESOURCES_SECONDS, 86401, 1, 86400",
            "CITAS_HTTP_MAX_AGE_SECONDS, -1, 0, 86400",
            "CITAS_MAX_BODY_BYTES, 1023, 1024, 16777216",
            "CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER, 0, 1, 100000"})
    void outOfRange(String name, String value, int min, int max) {
        assertContains(problems(name, value), name + " must be between " + min + " and " + max + ", got " + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "200"})
    void poolSizeBoundsAreAccepted(String value) {
        assertEquals(Integer.parseInt(value), config(CitasConfig.DB_POOL_SIZE, value).dbPoolSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999", "-99999999999", "2147483648"})
    void wholeNumbersBeyondIntAreOutOfRangeNotNonNumeric(String value) {
        String message = problems(CitasConfig.DB_POOL_SIZE, value);
        assertContains(message, "CITAS_DB_POOL_SIZE must be between 1 and 200, got " + value);
        assertFalse(message.contains("whole number"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "truee"})
    void badBoolean(String value) {
        for (String name : new String[] {CitasConfig.DB_MIGRATE, CitasConfig.CACHE_ENABLED, CitasConfig.BENCH_ENDPOINT}) {
            assertContains(problems(name, value), name + " must be true or false, got '" + value + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:6379/0", "redis://127.0.0.1/0", "redis://127.0.0.1",
            "rediss://cache:6380/0", "redis:///0"})
    void redisUrlThatIsNotRedisHostPort(String url) {
        assertContains(problems(CitasConfig.REDIS_URL, url),
                "CITAS_REDIS_URL must look like redis://host:port/db, got '" + url + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://cache host:6379/0", "127.0.0.1:6379", "redis://cache:6379/%zz"})
    void redisUrlThatIsNotAUri(String url) {
        assertContains(problems(CitasConfig.REDIS_URL, url), "CITAS_REDIS_URL is not a valid URI: '" + url + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abc", "/100", "/-1", "/0/1", "/1.0"})
    void redisDatabaseIndexMustBe0To99(String path) {
        assertContains(problems(CitasConfig.REDIS_URL, "redis://cache:6379" + path),
                "CITAS_REDIS_URL database must be a number 0-99, got '" + path + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "redis://cache:6379, 0",
            "redis://cache:6379/, 0",
            "redis://cache:6379/0, 0",
            "redis://cache:6379/7, 7",
            "redis://cache:6379/99, 99",
            "redis://user:pw@cache:6379/15, 15"})
    void redisDatabase(String url, int expected) {
        assertEquals(expected, config(CitasConfig.REDIS_URL, url).redisDatabase());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = env(
                CitasConfig.DB_POOL_SIZE, "lots",
                CitasConfig.DB_CONNECTION_TIMEOUT_MS, "1",
                CitasConfig.DB_MIGRATE, "maybe",
                CitasConfig.REDIS_URL, "http://cache:6379",
                CitasConfig.TOKEN_TTL_HOURS, "100000",
                CitasConfig.CACHE_PREFIX, "citas:*");
        env.remove(CitasConfig.DB_URL);

        String message = problems(env);

        assertEquals(String.join("\n  - ",
                "Invalid Citas configuration:",
                "CITAS_DB_URL is required (a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/citas)",
                "CITAS_DB_POOL_SIZE must be a whole number, got 'lots'",
                "CITAS_DB_CONNECTION_TIMEOUT_MS must be between 250 and 60000, got 1",
                "CITAS_DB_MIGRATE must be true or false, got 'maybe'",
                "CITAS_REDIS_URL must look like redis://host:port/db, got 'http://cache:6379'",
                "CITAS_TOKEN_TTL_HOURS must be between 1 and 8760, got 100000",
                "CITAS_CACHE_PREFIX must be 1-64 characters of A-Z a-z 0-9 _ . : - (no glob characters), got 'citas:*'"),
                message);
    }

    @Test
    void toStringShowsTheUsefulPartsButNeverThePassword() {
        CitasConfig config = config(CitasConfig.DB_USER, "citas_app", CitasConfig.DB_PASSWORD, "Tr0ub4dor&3",
                CitasConfig.REDIS_URL, "redis://default:redis-pw-42@cache.example:6380/2",
                CitasConfig.DB_POOL_SIZE, "7");

        String text = config.toString();

        assertFalse(text.contains("Tr0ub4dor&3"), text);
        assertFalse(text.contains("redis-pw-42"), text);
        assertContains(text, URL);
        assertContains(text, "citas_app");
        assertContains(text, "pool=7");
        assertContains(text, "cache.example:6380/2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db:5432/citas?user=app&password=Tr0ub4dor&3",
            "jdbc:postgresql://db:5432/citas?password=Tr0ub4dor&3&ssl=true",
            "jdbc:postgresql://db:5432/citas?ssl=true&PASSWORD=Tr0ub4dor&3"})
    void toStringHidesAPasswordInsideTheJdbcUrl(String url) {
        String text = config(CitasConfig.DB_URL, url, CitasConfig.DB_PASSWORD, "Tr0ub4dor&3").toString();

        assertFalse(text.contains("Tr0ub4dor"), text);
        assertContains(text, "db:5432/citas");
    }
}
