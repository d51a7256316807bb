package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisClientConfig;

/** The one client configuration that Redis.connect and the cache-flush command both build their clients from. */
class RedisSettingsTest {
    private static RedisSettings settings(String url) {
        return SettingsReader.read(Map.of(RedisSettings.URL, url, RedisSettings.TIMEOUT_MS, "300")::get,
                RedisSettings::read);
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
        assertEquals("cache.example", settings.address().getHost());
        assertEquals(6380, settings.address().getPort());
    }
}
