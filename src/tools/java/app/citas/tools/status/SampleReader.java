package app.citas.tools.status;

import app.citas.tools.status.Sample.CacheRegion;
import app.citas.tools.status.Sample.Connector;
import app.citas.tools.status.Sample.Executor;
import app.citas.tools.status.Sample.Heap;
import app.citas.tools.status.Sample.Pool;
import app.citas.tools.status.Sample.Quota;
import app.citas.tools.status.Sample.RoleCount;
import app.citas.tools.status.Sample.Statements;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads one {@link Sample} over JMX. MBeans are found by pattern, so several connectors, pools (a pool name carrying
 * the webapp version during a parallel deployment) or Citas versions all show; an MBean that disappears between
 * the query and the read (an undeploy) is skipped.
 */
final class SampleReader {
    private static final Map<String, String> QUOTA_ROLES = Map.of("anonymous", "Anonymous", "user", "User",
            "staff", "Staff");

    private final MBeanServerConnection jmx;
    private final Clock clock;

    SampleReader(MBeanServerConnection jmx, Clock clock) {
        this.jmx = jmx;
        this.clock = clock;
    }

    Sample read() throws IOException {
        return new Sample(clock.instant(), System.nanoTime(), executors(), heap(), connectors(), pools(), caches(),
                quotas(), statements());
    }

    private List<Executor> executors() throws IOException {
        return readAll("Catalina:type=Executor,*", (name, a) -> new Executor(name.getKeyProperty("name"),
                number(a, "activeCount"), number(a, "poolSize"), number(a, "maxThreads"), number(a, "queueSize")),
                "activeCount", "poolSize", "maxThreads", "queueSize");
    }

    private Heap heap() throws IOException {
        try {
            CompositeData usage = (CompositeData) jmx.getAttribute(new ObjectName("java.lang:type=Memory"),
                    "HeapMemoryUsage");
            return new Heap((Long) usage.get("used"), (Long) usage.get("max"));
        } catch (JMException e) {
            return null;
        }
    }

    private List<Connector> connectors() throws IOException {
        return readAll("Catalina:type=GlobalRequestProcessor,*", (name, a) -> new Connector(
                unquoted(name.getKeyProperty("name")), number(a, "requestCount"), number(a, "errorCount"),
                number(a, "processingTime")), "requestCount", "errorCount", "processingTime");
    }

    private List<Pool> pools() throws IOException {
        return readAll("com.zaxxer.hikari:type=Pool (*", (name, a) -> new Pool(poolName(name),
                number(a, "ActiveConnections"), number(a, "IdleConnections"),
                number(a, "ThreadsAwaitingConnection"), number(a, "TotalConnections")),
                "ActiveConnections", "IdleConnections", "ThreadsAwaitingConnection", "TotalConnections");
    }

    private List<CacheRegion> caches() throws IOException {
        return readAll("citas:type=Cache,*", (name, a) -> new CacheRegion(label(name), number(a, "Hits"),
                number(a, "Misses"), ((Number) a.get("HitRatio")).doubleValue(), number(a, "Errors"),
                Boolean.TRUE.equals(a.get("RedisReachable"))), "Hits", "Misses", "HitRatio", "Errors",
                "RedisReachable");
    }

    private List<Quota> quotas() throws IOException {
        List<String> attributes = new ArrayList<>(List.of("Mode", "LimitsPerHour"));
        QUOTA_ROLES.values().forEach(role -> attributes.addAll(List.of("Allowed" + role, "Refused" + role)));
        return readAll("citas:type=Quota,*", (name, a) -> new Quota(label(name), List.of(
                        roleCount(a, "anonymous"), roleCount(a, "user"), roleCount(a, "staff")),
                        String.valueOf(a.get("Mode")), String.valueOf(a.get("LimitsPerHour"))),
                attributes.toArray(String[]::new));
    }

    private static RoleCount roleCount(Map<String, Object> attributes, String role) {
        String suffix = QUOTA_ROLES.get(role);
        return new RoleCount(role, number(attributes, "Allowed" + suffix), number(attributes, "Refused" + suffix));
    }

    private List<Statements> statements() throws IOException {
        return readAll("citas:type=Database,*", (name, a) -> new Statements(label(name),
                number(a, "SqlStatementCount")), "SqlStatementCount");
    }

    private interface Mapper<T> {
        T map(ObjectName name, Map<String, Object> attributes);
    }

    private <T> List<T> readAll(String pattern, Mapper<T> mapper, String... attributes) throws IOException {
        List<T> items = new ArrayList<>();
        for (ObjectName name : sorted(pattern)) {
            try {
                AttributeList values = jmx.getAttributes(name, attributes);
                Map<String, Object> byName = values.asList().stream()
                        .collect(Collectors.toMap(Attribute::getName, Attribute::getValue));
                if (byName.keySet().containsAll(List.of(attributes))) {
                    items.add(mapper.map(name, byName));
                }
            } catch (InstanceNotFoundException gone) {
                // Unregistered since the query (an undeploy): nothing to show for it.
            } catch (JMException e) {
                throw new IOException("Cannot read " + name + ": " + e.getMessage(), e);
            }
        }
        return items;
    }

    private List<ObjectName> sorted(String pattern) throws IOException {
        try {
            return jmx.queryNames(new ObjectName(pattern), null).stream()
                    .sorted(Comparator.comparing(ObjectName::getCanonicalName)).toList();
        } catch (JMException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }

    private static long number(Map<String, Object> attributes, String name) {
        return ((Number) attributes.get(name)).longValue();
    }

    /** "com.zaxxer.hikari:type=Pool (citas-db)" is named by what the parentheses hold. */
    private static String poolName(ObjectName name) {
        String type = name.getKeyProperty("type");
        int open = type.indexOf('(');
        int close = type.lastIndexOf(')');
        return open >= 0 && close > open ? type.substring(open + 1, close) : type;
    }

    /**
     * The key properties besides type ("name=services" shows as "services"; none shows as ""). The deployment
     * version is left out: the DB pool line names it, and only a deploy in progress shows two of each.
     */
    private static String label(ObjectName name) {
        return name.getKeyPropertyList().entrySet().stream()
                .filter(e -> !e.getKey().equals("type") && !e.getKey().equals("version"))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().equals("name") ? unquoted(e.getValue()) : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static String unquoted(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }
}
