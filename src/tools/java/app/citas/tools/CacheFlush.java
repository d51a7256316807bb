package app.citas.tools;

import app.citas.platform.CitasConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Operator command behind scripts/cache-flush.sh: removes Citas' cache keys (SCAN + UNLINK under the prefix,
 * never FLUSHDB) from a live system. Region generations are advanced rather than deleted, so an entry written
 * by a request in flight can never become visible again.
 */
public final class CacheFlush {
    private CacheFlush() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        // The flush needs no database; the placeholder only satisfies the shared configuration's validation.
        CitasConfig config = CitasConfig.from(name -> name.equals(CitasConfig.DB_URL)
                ? env.getOrDefault(name, "jdbc:postgresql://unused/unused") : System.getProperty(name, env.get(name)));
        String pattern = config.cache().prefix() + "cache:*";
        var uri = config.redisUri();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .database(config.redisDatabase()).connectionTimeoutMillis(2000).socketTimeoutMillis(10_000)
                .autoNegotiateProtocol(false);
        if (uri.getUserInfo() != null) {
            client.password(uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1));
        }
        try (Jedis jedis = new Jedis(new HostAndPort(uri.getHost(), uri.getPort()), client.build())) {
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
                    + uri.getHost() + ":" + uri.getPort() + "/" + config.redisDatabase() + "; advanced " + generations
                    + " region generations.");
        } catch (RuntimeException e) {
            System.err.println("Cache flush failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
