package app.citas.tools;

import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Operator command behind scripts/cache-flush.sh: removes Citas' cache keys (SCAN + UNLINK under the prefix,
 * never FLUSHDB) from a live system: entries, tag sets and tag stamps. Generations (every key ending in {@code :gen}:
 * the regions', the list scopes' and the tag clock) are advanced rather than deleted, so an entry written by a
 * request in flight can never become visible again.
 */
public final class CacheFlush {
    private CacheFlush() {
    }

    public static void main(String[] args) {
        RedisSettings settings = SettingsReader.read(SettingsReader.environment(), RedisSettings::read);
        String pattern = settings.keyPrefix() + "cache:*";
        // The service's client configuration (ACL user, password, database), with the patience of a one-off scan.
        JedisClientConfig client = settings.clientConfig().clientName("citas-cache-flush")
                .connectionTimeoutMillis(2000).socketTimeoutMillis(10_000).build();
        // With a redis-sentinel:// URL, Jedis' Sentinel pool finds the master; the flush runs there.
        try (Redis redis = Redis.connect(settings, client); Jedis jedis = redis.pool().getResource()) {
            long removed = 0;
            long generations = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(pattern).count(1000));
                List<String> entries = new ArrayList<>();
                for (String key : page.getResult()) {
                    if (key.endsWith(":gen")) {
                        jedis.incr(key);
                        generations++;
                    } else {
                        entries.add(key);
                    }
                }
                if (!entries.isEmpty()) {
                    removed += jedis.unlink(entries.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            System.out.println("Removed " + removed + " cache keys matching '" + pattern + "' from Redis "
                    + redis.master() + "/" + settings.database() + "; advanced " + generations
                    + " region generations.");
        } catch (RuntimeException e) {
            System.err.println("Cache flush failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
