package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/** The one client configuration that Redis.connect and the cache-flush command both build their clients from. */
class RedisSettingsTest {
    private static RedisSettings settings(String url) {
        return settings(Map.of(RedisSettings.URL, url, RedisSettings.TIMEOUT_MS, "300"));
    }

    private static RedisSettings settings(Map<String, String> env) {
        return SettingsReader.read(env::get, RedisSettings::read);
    }

    @Test
    void aclUserAndPasswordFromTheUrl() {
        JedisClientConfig client = settings("redis://citas-app:s3cret@cache.example:6380/5").clientConfig().build();

        assertEquals("citas-app", client.getUser());
        assertEquals("s3cret", client.getPassword());
        assertEquals(5, client.getDatabase());
        assertEquals(300, client.getConnectionTimeoutMillis());
        assertEquals(300, client.getSocketTimeoutMillis());
        assertEquals("citas", client.getClientName());
    }

    @Test
    void passwordAloneIsTheDefaultUser() {
        JedisClientConfig client = settings("redis://:s3cret@cache.example:6380/0").clientConfig().build();

        assertNull(client.getUser());
        assertEquals("s3cret", client.getPassword());
    }

    @Test
    void noCredentials() {
        RedisSettings settings = settings("redis://cache.example:6380");
        JedisClientConfig client = settings.clientConfig().build();

        assertNull(client.getUser());
        assertNull(client.getPassword());
        assertEquals(0, client.getDatabase());
        assertEquals(new RedisSettings.Server(new HostAndPort("cache.example", 6380)), settings.location());
    }

    @Test
    void sentinelUrlCredentialsAndDatabaseAreTheMasters() {
        RedisSettings settings = settings(Map.of(
                RedisSettings.URL, "redis-sentinel://citas-app:s3cret@s1:26379,s2:26380/mymaster/4",
                RedisSettings.TIMEOUT_MS, "300"));
        JedisClientConfig master = settings.clientConfig().build();
        JedisClientConfig sentinels = settings.sentinelClientConfig().build();

        assertEquals(new RedisSettings.Sentinels("mymaster",
                List.of(new HostAndPort("s1", 26379), new HostAndPort("s2", 26380)), null), settings.location());
        assertEquals("citas-app", master.getUser());
        assertEquals("s3cret", master.getPassword());
        assertEquals(4, master.getDatabase());
        assertEquals(300, master.getSocketTimeoutMillis());
        // Sentinels get none of the master's credentials: their own password only, when one is set.
        assertNull(sentinels.getUser());
        assertNull(sentinels.getPassword());
        assertEquals(300, sentinels.getConnectionTimeoutMillis());
        assertEquals("citas-sentinel", sentinels.getClientName());
    }

    @Test
    void sentinelPasswordIsForTheSentinelsOnly() {
        RedisSettings settings = settings(Map.of(
                RedisSettings.URL, "redis-sentinel://s1:26379/mymaster",
                RedisSettings.SENTINEL_PASSWORD, "sentinel-s3cret"));

        assertEquals("sentinel-s3cret", settings.sentinelClientConfig().build().getPassword());
        assertNull(settings.sentinelClientConfig().build().getUser());
        assertNull(settings.clientConfig().build().getPassword());
        assertEquals(0, settings.clientConfig().build().getDatabase());
    }

    @Test
    void redactHidesUserAndPasswordOfEitherForm() {
        assertEquals("redis-sentinel://***@s1:26379,s2:26379/mymaster/0",
                RedisSettings.redact("redis-sentinel://citas:s3cret@s1:26379,s2:26379/mymaster/0"));
        assertEquals("redis://***@cache:6379/0", RedisSettings.redact("redis://:s3cret@cache:6379/0"));
        assertEquals("redis://cache:6379/0", RedisSettings.redact("redis://cache:6379/0"));
    }
}
