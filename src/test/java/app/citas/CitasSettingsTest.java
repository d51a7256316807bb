package app.citas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.account.AccountSettings;
import app.citas.booking.BookingSettings;
import app.citas.cache.CacheSettings;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.HttpSettings;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import app.citas.quota.QuotaSettings;
import app.citas.warmup.WarmupSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;

class CitasSettingsTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/citas";
    private static final RedisSettings.Location LOCAL_REDIS = new RedisSettings.Server(new HostAndPort("127.0.0.1", 6379));

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, URL);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static CitasSettings config(String... pairs) {
        return CitasSettings.from(env(pairs)::get);
    }

    /** The validation message when the configuration is refused. */
    private static String problems(Map<String, String> env) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CitasSettings.from(env::get));
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
        CitasSettings config = config();

        assertEquals(URL, config.database().url());
        assertEquals("postgres", config.database().user());
        assertEquals("", config.database().password());
        assertEquals(Runtime.getRuntime().availableProcessors() * 2 + 1, config.database().poolSize());
        assertEquals(DatabaseSettings.defaultPoolSize(), config.database().poolSize());
        assertEquals(Duration.ofMillis(2000), config.database().connectionTimeout());
        assertEquals(Duration.ofMillis(5000), config.database().statementTimeout());
        assertTrue(config.database().migrateOnStart());
        assertEquals(LOCAL_REDIS, config.redis().location());
        assertEquals(0, config.redis().database());
        assertEquals(Duration.ofMillis(200), config.redis().timeout());
        assertEquals(32, config.redis().poolSize());
        assertEquals(Duration.ofSeconds(5), config.redis().retryInterval());
        assertEquals(Duration.ofDays(30), config.account().tokenTtl());
        assertEquals(Duration.ofMinutes(5), config.account().tokenCacheTtl());
        assertTrue(config.cache().enabled());
        assertEquals("citas:", config.redis().keyPrefix());
        for (String region : CacheSettings.REGIONS) {
            assertEquals(Duration.ofMinutes(5), config.cache().timeToLive(region), region);
        }
        assertEquals(60, config.http().maxAgeSeconds());
        assertEquals(65536, config.http().maxBodyBytes());
        assertEquals(10, config.booking().maxUpcomingPerCustomer());
        assertEquals(Duration.ofHours(24), config.booking().idempotencyKeyTtl());
        assertEquals(1000, config.booking().appointmentsCountLimit());
        assertFalse(config.http().benchEndpoint());
    }

    @Test
    void cacheTimeToLiveForAllRegionsAndForOne() {
        CitasSettings config = config(CacheSettings.TTL_SECONDS, "120", "CITAS_CACHE_TTL_SERVICES_SECONDS", "30",
                CacheSettings.ENABLED, "false", RedisSettings.KEY_PREFIX_OLDER_NAME, "citas-test:1.");
        assertFalse(config.cache().enabled());
        assertEquals("citas-test:1.", config.redis().keyPrefix());
        assertEquals(Duration.ofSeconds(120), config.cache().timeToLive("categories"));
        assertEquals(Duration.ofSeconds(30), config.cache().timeToLive("services"));
        assertEquals(Duration.ofSeconds(120), config.cache().timeToLive("resources"));
        assertContains(config.toString(), "cache=off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"citas*", "a b", "citas:{x}", "ñ"})
    void cachePrefixWithoutGlobCharacters(String value) {
        assertContains(problems(RedisSettings.KEY_PREFIX_OLDER_NAME, value), "CITAS_CACHE_PREFIX must be 1-64 characters of "
                + "A-Z a-z 0-9 _ . : - (no glob characters), got '" + value + "'");
    }

    @Test
    void cachePrefixAtMost64Characters() {
        assertEquals("p".repeat(64), config(RedisSettings.KEY_PREFIX_OLDER_NAME, "p".repeat(64)).redis().keyPrefix());
        assertContains(problems(RedisSettings.KEY_PREFIX_OLDER_NAME, "p".repeat(65)), "CITAS_CACHE_PREFIX must be 1-64");
    }

    @Test
    void blankValuesCountAsAbsent() {
        CitasSettings config = config(DatabaseSettings.POOL_SIZE, "  ", DatabaseSettings.MIGRATE, "",
                RedisSettings.URL, " ", AccountSettings.TOKEN_TTL_HOURS, "\t");

        assertEquals(DatabaseSettings.defaultPoolSize(), config.database().poolSize());
        assertTrue(config.database().migrateOnStart());
        assertEquals(LOCAL_REDIS, config.redis().location());
        assertEquals(Duration.ofHours(720), config.account().tokenTtl());
    }

    @Test
    void everyValueCanBeSet() {
        CitasSettings config = config(
                DatabaseSettings.USER, "citas_app",
                DatabaseSettings.PASSWORD, "s3cret",
                DatabaseSettings.POOL_SIZE, " 12 ",
                DatabaseSettings.CONNECTION_TIMEOUT_MS, "250",
                DatabaseSettings.STATEMENT_TIMEOUT_MS, "600000",
                DatabaseSettings.MIGRATE, "FALSE",
                RedisSettings.URL, "redis://cache.example:6380/3",
                RedisSettings.TIMEOUT_MS, "10",
                RedisSettings.POOL_SIZE, "1000",
                AccountSettings.TOKEN_TTL_HOURS, "1");

        assertEquals("citas_app", config.database().user());
        assertEquals("s3cret", config.database().password());
        assertEquals(12, config.database().poolSize());
        assertEquals(Duration.ofMillis(250), config.database().connectionTimeout());
        assertEquals(Duration.ofMinutes(10), config.database().statementTimeout());
        assertFalse(config.database().migrateOnStart());
        assertEquals(new RedisSettings.Server(new HostAndPort("cache.example", 6380)), config.redis().location());
        assertEquals(3, config.redis().database());
        assertEquals(Duration.ofMillis(10), config.redis().timeout());
        assertEquals(1000, config.redis().poolSize());
        assertEquals(Duration.ofHours(1), config.account().tokenTtl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", " true "})
    void trueInAnyCase(String value) {
        assertTrue(config(DatabaseSettings.MIGRATE, value).database().migrateOnStart());
    }

    @Test
    void missingDbUrl() {
        Map<String, String> env = env();
        env.remove(DatabaseSettings.URL);
        assertEquals("Invalid Citas configuration:\n  - CITAS_DB_URL is required "
                + "(a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/citas)", problems(env));
    }

    @Test
    void blankDbUrlIsMissing() {
        assertContains(problems(DatabaseSettings.URL, "   "), "CITAS_DB_URL is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://db:3306/citas", "postgresql://db:5432/citas", "jdbc:postgres://db/citas"})
    void nonPostgresqlDbUrl(String url) {
        assertContains(problems(DatabaseSettings.URL, url),
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
        assertEquals(Integer.parseInt(value), config(DatabaseSettings.POOL_SIZE, value).database().poolSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999", "-99999999999", "2147483648"})
    void wholeNumbersBeyondIntAreOutOfRangeNotNonNumeric(String value) {
        String message = problems(DatabaseSettings.POOL_SIZE, value);
        assertContains(message, "CITAS_DB_POOL_SIZE must be between 1 and 200, got " + value);
        assertFalse(message.contains("whole number"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "truee"})
    void badBoolean(String value) {
        for (String name : new String[] {DatabaseSettings.MIGRATE, CacheSettings.ENABLED, HttpSettings.BENCH_ENDPOINT}) {
            assertContains(problems(name, value), name + " must be true or false, got '" + value + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:6379/0", "redis://127.0.0.1/0", "redis://127.0.0.1",
            "rediss://cache:6380/0", "redis:///0"})
    void redisUrlThatIsNotRedisHostPort(String url) {
        assertContains(problems(RedisSettings.URL, url),
                "CITAS_REDIS_URL must look like redis://host:port/db or redis-sentinel://host:port[,host:port...]/master[/db], got '" + url + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://cache host:6379/0", "127.0.0.1:6379", "redis://cache:6379/%zz"})
    void redisUrlThatIsNotAUri(String url) {
        assertContains(problems(RedisSettings.URL, url), "CITAS_REDIS_URL is not a valid URI: '" + url + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abc", "/100", "/-1", "/0/1", "/1.0"})
    void redisDatabaseIndexMustBe0To99(String path) {
        assertContains(problems(RedisSettings.URL, "redis://cache:6379" + path),
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
        assertEquals(expected, config(RedisSettings.URL, url).redis().database());
    }

    @Test
    void redisSentinelUrl() {
        RedisSettings redis = config(RedisSettings.URL, "redis-sentinel://s1.example:26379,10.0.0.2:26380,[::1]:26381/mymaster/3")
                .redis();

        assertEquals(new RedisSettings.Sentinels("mymaster", List.of(new HostAndPort("s1.example", 26379),
                new HostAndPort("10.0.0.2", 26380), new HostAndPort("::1", 26381)), null), redis.location());
        assertTrue(redis.sentinel());
        assertEquals(3, redis.database());
        assertEquals("redis=sentinel master mymaster at s1.example:26379,10.0.0.2:26380,[::1]:26381/3 pool=32 prefix citas:",
                redis.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis-sentinel://s1:26379/mymaster | 0",
            "redis-sentinel://s1:26379/mymaster/ | 0",
            "redis-sentinel://s1:26379/my-master.1_a/15 | 15",
            "REDIS-SENTINEL://s1:26379/mymaster/99 | 99",
            "redis-sentinel://citas:pw@s1:26379,s2:26379/mymaster/7 | 7"})
    void redisSentinelDatabase(String url, int expected) {
        RedisSettings redis = config(RedisSettings.URL, url).redis();
        assertEquals(expected, redis.database());
        assertTrue(redis.sentinel(), url);
    }

    @Test
    void redisSentinelCredentialsAreTheMastersAndTheSentinelPasswordIsApart() {
        RedisSettings redis = config(RedisSettings.URL, "redis-sentinel://citas-app:m%40ster+pw@s1:26379,s2:26379/mymaster/1",
                RedisSettings.SENTINEL_PASSWORD, "sentinel-pw-9").redis();

        assertEquals("citas-app", redis.user());
        assertEquals("m@ster+pw", redis.password(), "percent-decoded, a plus stays a plus");
        assertEquals("sentinel-pw-9", ((RedisSettings.Sentinels) redis.location()).password());
        assertFalse(redis.toString().contains("m@ster"), redis.toString());
        assertFalse(redis.toString().contains("sentinel-pw-9"), redis.toString());
        assertFalse(redis.location().toString().contains("sentinel-pw-9"), redis.location().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://", "redis-sentinel:///mymaster/0", "redis-sentinel://user:pw@/mymaster"})
    void redisSentinelUrlWithoutSentinels(String url) {
        String message = problems(RedisSettings.URL, url);
        assertContains(message, "CITAS_REDIS_URL names no Sentinel: it must look like redis://host:port/db or "
                + "redis-sentinel://host:port[,host:port...]/master[/db], got '");
        assertFalse(message.contains("pw"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis-sentinel://s1/mymaster | s1",
            "redis-sentinel://s1:/mymaster | s1:",
            "redis-sentinel://s1:0/mymaster | s1:0",
            "redis-sentinel://s1:65536/mymaster | s1:65536",
            "redis-sentinel://s1:26379,s2:port/mymaster | s2:port",
            "redis-sentinel://s1:26379,,s2:26379/mymaster | ''",
            "redis-sentinel://s1:26379,/mymaster | ''",
            "redis-sentinel://cache host:26379/mymaster | cache host:26379",
            "redis-sentinel://::1:26379/mymaster | ::1:26379"})
    void redisSentinelAddressNeedsHostAndPort(String url, String address) {
        assertContains(problems(RedisSettings.URL, url),
                "CITAS_REDIS_URL Sentinel address must be host:port with a port 1-65535, got '" + address + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://s1:26379", "redis-sentinel://s1:26379/", "redis-sentinel://s1:26379//0",
            "redis-sentinel://user:secret-pw@s1:26379"})
    void redisSentinelUrlMustNameTheMaster(String url) {
        String message = problems(RedisSettings.URL, url);
        assertContains(message, "CITAS_REDIS_URL must name the master the Sentinels monitor "
                + "(redis-sentinel://host:port/mymaster[/db]), got '");
        assertFalse(message.contains("secret-pw"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my master", "mymaster?db=1", "maître"})
    void redisSentinelMasterName(String master) {
        assertContains(problems(RedisSettings.URL, "redis-sentinel://s1:26379/" + master + "/0"),
                "CITAS_REDIS_URL master name must be 1-128 characters of A-Z a-z 0-9 _ . -, got '" + master + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abc", "/100", "/-1", "/0/1", "/1.0"})
    void redisSentinelDatabaseIndexMustBe0To99(String path) {
        assertContains(problems(RedisSettings.URL, "redis-sentinel://s1:26379/mymaster" + path),
                "CITAS_REDIS_URL database must be a number 0-99, got '" + path + "'");
    }

    @Test
    void redisSentinelUrlProblemsAreAllReported() {
        assertEquals(String.join("\n  - ", "Invalid Citas configuration:",
                        "CITAS_REDIS_URL Sentinel address must be host:port with a port 1-65535, got 's1:99999'",
                        "CITAS_REDIS_URL Sentinel address must be host:port with a port 1-65535, got 's2'",
                        "CITAS_REDIS_URL database must be a number 0-99, got '/x'"),
                problems(RedisSettings.URL, "redis-sentinel://s1:99999,s2/mymaster/x"));
    }

    @Test
    void redisSentinelPasswordNeedsASentinelUrl() {
        assertEquals("Invalid Citas configuration:\n  - CITAS_REDIS_SENTINEL_PASSWORD is set, but CITAS_REDIS_URL "
                        + "names no Sentinels (redis-sentinel://...)",
                problems(RedisSettings.URL, "redis://cache:6379/0", RedisSettings.SENTINEL_PASSWORD, "pw"));
        assertEquals(LOCAL_REDIS, config(RedisSettings.SENTINEL_PASSWORD, "").redis().location(), "empty is unset");
    }

    @Test
    void redisUrlProblemsNeverShowThePassword() {
        String message = problems(RedisSettings.URL, "rediss://citas:hunter2@cache:6380/0");
        assertContains(message, "got 'rediss://***@cache:6380/0'");
        assertFalse(message.contains("hunter2"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://pg1.example:5432,pg2.example:5432/citas?targetServerType=primary",
            "jdbc:postgresql://10.0.0.1:5432,10.0.0.2:5433,10.0.0.3/citas?targetServerType=primary&hostRecheckSeconds=2",
            "jdbc:postgresql://[::1]:5432,[::1]:5433/citas?targetServerType=primary"})
    void multiHostDatabaseUrl(String url) {
        assertEquals(url, config(DatabaseSettings.URL, url).database().url());
    }

    @Test
    void multiHostDatabaseUrlStillMustBePostgresql() {
        assertContains(problems(DatabaseSettings.URL, "jdbc:mysql://db1:3306,db2:3306/citas"),
                "CITAS_DB_URL must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, got "
                        + "'jdbc:mysql://db1:3306,db2:3306/citas'");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = env(
                DatabaseSettings.POOL_SIZE, "lots",
                DatabaseSettings.CONNECTION_TIMEOUT_MS, "1",
                DatabaseSettings.MIGRATE, "maybe",
                RedisSettings.URL, "http://cache:6379",
                AccountSettings.TOKEN_TTL_HOURS, "100000",
                RedisSettings.KEY_PREFIX_OLDER_NAME, "citas:*");
        env.remove(DatabaseSettings.URL);

        String message = problems(env);

        assertEquals(String.join("\n  - ",
                "Invalid Citas configuration:",
                "CITAS_DB_URL is required (a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/citas)",
                "CITAS_DB_POOL_SIZE must be a whole number, got 'lots'",
                "CITAS_DB_CONNECTION_TIMEOUT_MS must be between 250 and 60000, got 1",
                "CITAS_DB_MIGRATE must be true or false, got 'maybe'",
                "CITAS_REDIS_URL must look like redis://host:port/db or redis-sentinel://host:port[,host:port...]/master[/db], got 'http://cache:6379'",
                // The key prefix belongs to Redis now, so its problem is listed with Redis'.
                "CITAS_CACHE_PREFIX must be 1-64 characters of A-Z a-z 0-9 _ . : - (no glob characters), got 'citas:*'",
                "CITAS_TOKEN_TTL_HOURS must be between 1 and 8760, got 100000"),
                message);
    }

    @Test
    void theWarmUpIsComposedAndRefusedWithTheOthers() {
        assertEquals(5, config().warmup().seconds());
        assertEquals(0, config(WarmupSettings.SECONDS, "0").warmup().seconds());
        assertEquals(String.join("\n  - ", "Invalid Citas configuration:",
                        "CITAS_DB_POOL_SIZE must be a whole number, got 'lots'",
                        "CITAS_WARMUP_SECONDS must be between 0 and 120, got 600"),
                problems(DatabaseSettings.POOL_SIZE, "lots", WarmupSettings.SECONDS, "600"));
    }

    @Test
    void everyFeatureValueCanBeSet() {
        CitasSettings config = config(
                RedisSettings.RETRY_INTERVAL_MS, "100",
                RedisSettings.KEY_PREFIX, "shop-7:",
                AccountSettings.SIGNIN_FAILURES_PER_USERNAME, "3",
                AccountSettings.SIGNIN_FAILURES_PER_IP, "4",
                AccountSettings.SIGNIN_WINDOW_MINUTES, "1440",
                AccountSettings.TOKEN_CACHE_SECONDS, "0",
                QuotaSettings.ENABLED, "false",
                QuotaSettings.ANONYMOUS_PER_HOUR, "1",
                QuotaSettings.USER_PER_HOUR, "2",
                QuotaSettings.STAFF_PER_HOUR, "100000000",
                BookingSettings.MAX_UPCOMING_PER_CUSTOMER, "100000",
                BookingSettings.IDEMPOTENCY_KEY_HOURS, "720",
                BookingSettings.APPOINTMENTS_COUNT_LIMIT, "5",
                HttpSettings.MAX_AGE_SECONDS, "0",
                HttpSettings.MAX_BODY_BYTES, "16777216",
                HttpSettings.CATALOG_READS_BEFORE_JERSEY, "false",
                HttpSettings.BENCH_ENDPOINT, "true");

        assertEquals(Duration.ofMillis(100), config.redis().retryInterval());
        assertEquals("shop-7:", config.redis().keyPrefix());
        assertEquals(new AccountSettings(Duration.ofDays(30), 3, 4, Duration.ofDays(1), Duration.ZERO),
                config.account());
        assertEquals(new QuotaSettings(false, 1, 2, 100_000_000), config.quota());
        assertEquals(new BookingSettings(100_000, Duration.ofDays(30), 5), config.booking());
        assertEquals(new HttpSettings(16 * 1024 * 1024, 4 * 1024 * 1024, 0, false, true), config.http());
    }

    @Test
    void signInLimitsAreAccountSettingsThatQuotasOffLeavesInForce() {
        AccountSettings account = config(QuotaSettings.ENABLED, "false").account();

        assertEquals(10, account.failedSignInsPerUsername());
        assertEquals(50, account.failedSignInsPerIp());
        assertEquals(Duration.ofMinutes(15), account.signInWindow());
        assertContains(config(QuotaSettings.ENABLED, "false").toString(),
                "quotas=off, signIn failures 10/username 50/IP per 15 min");
    }

    @ParameterizedTest
    @CsvSource({
            "CITAS_REDIS_RETRY_INTERVAL_MS, 600001, 100, 600000",
            "CITAS_SIGNIN_FAILURES_PER_USERNAME, 0, 1, 1000000",
            "CITAS_SIGNIN_FAILURES_PER_IP, 1000001, 1, 1000000",
            "CITAS_SIGNIN_WINDOW_MINUTES, 1441, 1, 1440",
            "CITAS_QUOTA_ANONYMOUS_PER_HOUR, 0, 1, 100000000",
            "CITAS_QUOTA_USER_PER_HOUR, 100000001, 1, 100000000",
            "CITAS_QUOTA_STAFF_PER_HOUR, 0, 1, 100000000",
            "CITAS_HTTP_MAX_AGE_SECONDS, 86401, 0, 86400",
            "CITAS_MAX_BODY_BYTES, 16777217, 1024, 16777216",
            "CITAS_IDEMPOTENCY_KEY_HOURS, 721, 1, 720",
            "CITAS_APPOINTMENTS_COUNT_LIMIT, 0, 1, 1000000"})
    void outOfRangeInEveryFeature(String name, String value, int min, int max) {
        assertContains(problems(name, value), name + " must be between " + min + " and " + max + ", got " + value);
    }

    @Test
    void quotaSwitchIsABoolean() {
        assertContains(problems(QuotaSettings.ENABLED, "off"), "CITAS_QUOTA_ENABLED must be true or false, got 'off'");
    }

    @Test
    void redisKeyPrefixByItsNameOrItsOlderOne() {
        assertEquals("new:", config(RedisSettings.KEY_PREFIX, "new:").redis().keyPrefix());
        assertEquals("old:", config(RedisSettings.KEY_PREFIX_OLDER_NAME, "old:").redis().keyPrefix());
        assertEquals("same:", config(RedisSettings.KEY_PREFIX, "same:", RedisSettings.KEY_PREFIX_OLDER_NAME, "same:")
                .redis().keyPrefix());
        assertEquals("new:", config(RedisSettings.KEY_PREFIX, "new:", RedisSettings.KEY_PREFIX_OLDER_NAME, " ")
                .redis().keyPrefix(), "a blank older name is unset");
    }

    @Test
    void redisKeyPrefixAndItsOlderNameMustNotDisagree() {
        assertEquals("Invalid Citas configuration:\n  - CITAS_REDIS_KEY_PREFIX and its older name CITAS_CACHE_PREFIX "
                        + "disagree ('new:' and 'old:'): set only CITAS_REDIS_KEY_PREFIX",
                problems(RedisSettings.KEY_PREFIX, "new:", RedisSettings.KEY_PREFIX_OLDER_NAME, "old:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"citas*", "a b", "citas:{x}", "ñ"})
    void redisKeyPrefixWithoutGlobCharacters(String value) {
        assertContains(problems(RedisSettings.KEY_PREFIX, value), "CITAS_REDIS_KEY_PREFIX must be 1-64 characters of "
                + "A-Z a-z 0-9 _ . : - (no glob characters), got '" + value + "'");
    }

    @Test
    void eachFeatureCanBeReadAlone() {
        // Redis, for an operator command or a test, with no database URL anywhere.
        RedisSettings redis = SettingsReader.read(
                Map.of(RedisSettings.URL, "redis://cache:6380/4")::get, RedisSettings::read);
        assertEquals(4, redis.database());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SettingsReader
                .read(Map.of(RedisSettings.URL, "redis://cache:6380/4", RedisSettings.POOL_SIZE, "0")::get,
                        RedisSettings::read));
        assertEquals("Invalid Citas configuration:\n  - CITAS_REDIS_POOL_SIZE must be between 1 and 1000, got 0",
                e.getMessage());
    }

    @Test
    void noSettingsRecordShowsAPassword() {
        CitasSettings config = config(DatabaseSettings.PASSWORD, "Tr0ub4dor&3",
                DatabaseSettings.URL, URL + "?password=url-pw-7",
                RedisSettings.URL, "redis://default:redis-pw-42@cache.example:6380/2");

        for (Object part : new Object[] {config.database(), config.redis()}) {
            assertFalse(part.toString().contains("Tr0ub4dor&3"), part.toString());
            assertFalse(part.toString().contains("url-pw-7"), part.toString());
            assertFalse(part.toString().contains("redis-pw-42"), part.toString());
        }
    }

    @Test
    void toStringShowsTheUsefulPartsButNeverThePassword() {
        CitasSettings config = config(DatabaseSettings.USER, "citas_app", DatabaseSettings.PASSWORD, "Tr0ub4dor&3",
                RedisSettings.URL, "redis://default:redis-pw-42@cache.example:6380/2",
                DatabaseSettings.POOL_SIZE, "7");

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
        String text = config(DatabaseSettings.URL, url, DatabaseSettings.PASSWORD, "Tr0ub4dor&3").toString();

        assertFalse(text.contains("Tr0ub4dor"), text);
        assertContains(text, "db:5432/citas");
    }
}
