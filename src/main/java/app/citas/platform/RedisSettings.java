package app.citas.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * Redis: where (one server, {@code redis://[user:password@]host:port/db}, or the master a group of Sentinels
 * names, {@code redis-sentinel://[user:password@]host:port[,host:port...]/master[/db]}), how long to wait, how
 * many connections, how long to bypass it after a failure, and the one key prefix under which Citas keeps
 * everything it writes there (cache entries, quota buckets, sign-in counters), so several installations can share
 * one Redis.
 *
 * <p>The URL's user and password are the data node's (the master's, whichever server that is now); Sentinels that
 * require a password of their own get it from {@value #SENTINEL_PASSWORD}.
 */
public record RedisSettings(Location location, String user, String password, int database, Duration timeout,
                            int poolSize, Duration retryInterval, String keyPrefix) {
    public static final String URL = "CITAS_REDIS_URL";
    public static final String SENTINEL_PASSWORD = "CITAS_REDIS_SENTINEL_PASSWORD";
    public static final String TIMEOUT_MS = "CITAS_REDIS_TIMEOUT_MS";
    public static final String POOL_SIZE = "CITAS_REDIS_POOL_SIZE";
    public static final String RETRY_INTERVAL_MS = "CITAS_REDIS_RETRY_INTERVAL_MS";
    public static final String KEY_PREFIX = "CITAS_REDIS_KEY_PREFIX";
    /** The prefix's older name, from when only the cache used it; read when {@link #KEY_PREFIX} is unset. */
    public static final String KEY_PREFIX_OLDER_NAME = "CITAS_CACHE_PREFIX";

    static final String DEFAULT_URL = "redis://127.0.0.1:6379/0";
    private static final String SENTINEL_SCHEME = "redis-sentinel://";
    private static final String FORMS = "redis://host:port/db or redis-sentinel://host:port[,host:port...]/master[/db]";
    /** A host name, IPv4 address or bracketed IPv6 address, then a port. */
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.-]+):(\\d{1,5})");
    private static final Pattern MASTER = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/]*@");

    /** Where Redis is: {@link Server} or {@link Sentinels}. */
    public sealed interface Location permits Server, Sentinels {
    }

    /** One Redis server, always the one written to. */
    public record Server(HostAndPort address) implements Location {
        @Override
        public String toString() {
            return show(address);
        }
    }

    /**
     * The master the Sentinels at these addresses monitor under this name: Jedis asks them where it is and follows
     * their failovers. The password (null: none) is the Sentinels' own, never shown by {@link #toString()}.
     */
    public record Sentinels(String master, List<HostAndPort> addresses, String password) implements Location {
        public Sentinels {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String toString() {
            return "sentinel master " + master + " at "
                    + addresses.stream().map(RedisSettings::show).collect(Collectors.joining(","));
        }
    }

    /** host:port, an IPv6 host in brackets. */
    static String show(HostAndPort address) {
        String host = address.getHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public static RedisSettings read(SettingsReader reader) {
        String url = reader.value(URL, DEFAULT_URL);
        String sentinelPassword = reader.text(SENTINEL_PASSWORD, null);
        if (sentinelPassword != null && sentinelPassword.isEmpty()) {
            sentinelPassword = null;
        }
        Parsed parsed = url.regionMatches(true, 0, SENTINEL_SCHEME, 0, SENTINEL_SCHEME.length())
                ? parseSentinels(url, sentinelPassword, reader)
                : parseServer(url, reader);
        if (sentinelPassword != null && parsed.location instanceof Server) {
            reader.problem(SENTINEL_PASSWORD + " is set, but " + URL + " names no Sentinels (" + SENTINEL_SCHEME
                    + "...)");
        }
        return new RedisSettings(parsed.location, parsed.user, parsed.password, parsed.database,
                Duration.ofMillis(reader.integer(TIMEOUT_MS, 200, 10, 10_000)),
                reader.integer(POOL_SIZE, 32, 1, 1000),
                Duration.ofMillis(reader.integer(RETRY_INTERVAL_MS, 5000, 100, 600_000)),
                keyPrefix(reader));
    }

    private record Parsed(Location location, String user, String password, int database) {
        static final Parsed DEFAULT = new Parsed(new Server(new HostAndPort("127.0.0.1", 6379)), null, null, 0);
    }

    /** {@code redis://[user:password@]host:port[/db]}. */
    private static Parsed parseServer(String text, SettingsReader reader) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            reader.problem(URL + " is not a valid URI: '" + redact(text) + "'");
            return Parsed.DEFAULT;
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            reader.problem(URL + " must look like " + FORMS + ", got '" + redact(text) + "'");
            return Parsed.DEFAULT;
        }
        int database = database(uri.getPath(), reader);
        String[] credentials = credentials(uri.getUserInfo());
        return new Parsed(new Server(new HostAndPort(uri.getHost(), uri.getPort())), credentials[0], credentials[1],
                database);
    }

    /** {@code redis-sentinel://[user:password@]host:port[,host:port...]/master[/db]}. */
    private static Parsed parseSentinels(String text, String sentinelPassword, SettingsReader reader) {
        String rest = text.substring(SENTINEL_SCHEME.length());
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int problems = reader.problemCount();
        List<HostAndPort> addresses = new ArrayList<>();
        if (hosts.isEmpty()) {
            reader.problem(URL + " names no Sentinel: it must look like " + FORMS + ", got '" + redact(text) + "'");
        } else {
            for (String address : hosts.split(",", -1)) {
                Matcher matcher = ADDRESS.matcher(address);
                int port = matcher.matches() ? Integer.parseInt(matcher.group(2)) : -1;
                if (port < 1 || port > 65_535) {
                    reader.problem(URL + " Sentinel address must be host:port with a port 1-65535, got '" + address
                            + "'");
                } else {
                    String host = matcher.group(1);
                    addresses.add(new HostAndPort(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                            port));
                }
            }
        }
        int dbSlash = path.indexOf('/');
        String master = dbSlash < 0 ? path : path.substring(0, dbSlash);
        int database = 0;
        if (master.isEmpty()) {
            reader.problem(URL + " must name the master the Sentinels monitor (" + SENTINEL_SCHEME
                    + "host:port/mymaster[/db]), got '" + redact(text) + "'");
        } else if (!MASTER.matcher(master).matches()) {
            reader.problem(URL + " master name must be 1-128 characters of A-Z a-z 0-9 _ . -, got '" + master + "'");
        } else if (dbSlash >= 0) {
            database = database(path.substring(dbSlash), reader);
        }
        String[] credentials;
        try {
            credentials = credentials(userInfo == null ? null : decode(userInfo));
        } catch (IllegalArgumentException e) {
            reader.problem(URL + " is not a valid URI: '" + redact(text) + "'");
            return Parsed.DEFAULT;
        }
        if (reader.problemCount() > problems) {
            return Parsed.DEFAULT;
        }
        return new Parsed(new Sentinels(master, addresses, sentinelPassword), credentials[0], credentials[1],
                database);
    }

    /** The database index of a URL path ({@code /1}), 0 when absent. */
    private static int database(String path, SettingsReader reader) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        if (!path.matches("/\\d{1,2}")) {
            reader.problem(URL + " database must be a number 0-99, got '" + path + "'");
            return 0;
        }
        return Integer.parseInt(path.substring(1));
    }

    /** {user, password} of the URL's user information: an ACL user and its password, or the password alone. */
    private static String[] credentials(String userInfo) {
        if (userInfo == null || userInfo.isEmpty()) {
            return new String[] {null, null};
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return new String[] {null, userInfo}; // redis://secret@host: the password alone, as redis-cli reads it
        }
        return new String[] {colon > 0 ? userInfo.substring(0, colon) : null, userInfo.substring(colon + 1)};
    }

    /** Percent-decoding of the URL's user information ({@code +} stays a plus, as in a URI). */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with its user information (user and password) masked, for messages and logs. */
    public static String redact(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }

    private static String keyPrefix(SettingsReader reader) {
        String prefix = reader.keyPrefix(KEY_PREFIX, null);
        String older = reader.keyPrefix(KEY_PREFIX_OLDER_NAME, null);
        if (prefix != null && older != null && !prefix.equals(older)) {
            reader.problem(KEY_PREFIX + " and its older name " + KEY_PREFIX_OLDER_NAME + " disagree ('" + prefix
                    + "' and '" + older + "'): set only " + KEY_PREFIX);
        }
        return prefix != null ? prefix : older != null ? older : "citas:";
    }

    /** True when the Sentinels say where the master is (a {@code redis-sentinel://} URL). */
    public boolean sentinel() {
        return location instanceof Sentinels;
    }

    /**
     * The client configuration every Citas connection to the Redis data node starts from: the URL's ACL user and
     * password, its database, this timeout. Callers may lengthen the timeouts (an operator command scanning a large
     * key space).
     */
    public DefaultJedisClientConfig.Builder clientConfig() {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .database(database)
                .clientName("citas")
                // Jedis (not RedisClient) speaks RESP2; saying so skips a warning on every new connection.
                .autoNegotiateProtocol(false);
        if (user != null) {
            client.user(user);
        }
        if (password != null) {
            client.password(password);
        }
        return client;
    }

    /**
     * How Jedis talks to the Sentinels themselves (asking where the master is, listening for its changes): this
     * timeout, their own password if {@value #SENTINEL_PASSWORD} is set, never the data node's credentials.
     */
    public DefaultJedisClientConfig.Builder sentinelClientConfig() {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .clientName("citas-sentinel")
                .autoNegotiateProtocol(false);
        if (location instanceof Sentinels sentinels && sentinels.password() != null) {
            client.password(sentinels.password());
        }
        return client;
    }

    /** Never a password, neither the URL's nor the Sentinels'. */
    @Override
    public String toString() {
        return "redis=" + location + "/" + database + " pool=" + poolSize + " prefix " + keyPrefix;
    }
}
