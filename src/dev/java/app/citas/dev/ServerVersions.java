package app.citas.dev;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import redis.clients.jedis.Jedis;

/**
 * For scripts/bench.sh's machine.txt when psql / redis-cli are not installed: prints the versions the servers report.
 *
 * <pre>
 *   ServerVersions JDBC_URL DB_USER DB_PASSWORD REDIS_URL
 * </pre>
 *
 * Prints {@code postgresql: <select version()>} and {@code redis: <redis_version from INFO server>}; a server that
 * cannot be reached prints {@code n/a (reason)}.
 */
public final class ServerVersions {
    private ServerVersions() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ServerVersions JDBC_URL DB_USER DB_PASSWORD REDIS_URL");
            System.exit(2);
        }
        System.out.println("postgresql: " + postgres(args[0], args[1], args[2]));
        System.out.println("redis: " + redis(args[3]));
    }

    private static String postgres(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select version()")) {
            r.next();
            return r.getString(1);
        } catch (Exception e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    private static String redis(String url) {
        try (Jedis jedis = new Jedis(URI.create(url))) {
            for (String line : jedis.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length()).trim();
                }
            }
            return "n/a (no redis_version in INFO server)";
        } catch (Exception e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }
}
