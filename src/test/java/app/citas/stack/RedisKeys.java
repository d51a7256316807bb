package app.citas.stack;

import java.net.URI;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Leaves a shared external Redis as the tests found it. */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** Removes every key under the prefix (SCAN + UNLINK); quietly gives up if Redis is unreachable. */
    public static void forget(String redisUrl, String prefix) {
        try {
            unlinkAll(redisUrl, prefix);
        } catch (RuntimeException unreachable) {
            // A fault test may have left it unreachable; the quota keys expire on their own.
        }
    }

    /** Removes every key under the prefix (SCAN + UNLINK); a Redis out of reach is an exception. */
    public static void unlinkAll(String redisUrl, String prefix) {
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            ScanParams match = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
