package app.citas.dev;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads numeric MBean attributes of a Tomcat over JMX, for scripts/bench.sh.
 *
 * <pre>
 *   JmxAttribute [--serve] HOST:PORT 'OBJECT_NAME#ATTRIBUTE' ...
 * </pre>
 *
 * Prints one line with one value per argument, separated by spaces. An object name may be a pattern
 * ({@code citas:type=Cache,name=*}): the attribute is then summed over every matching MBean. A value that cannot be
 * read (no such MBean, not a number) prints as {@code n/a}. Without {@code --serve} it prints once and exits; with it,
 * it connects once and prints a line for every line read from standard input (so a shell co-process can sample
 * cheaply, without a JVM start per sample) until standard input closes. Only loopback hosts are accepted: the bench
 * enables unauthenticated JMX on loopback for its own Tomcat.
 */
public final class JmxAttribute {
    private JmxAttribute() {
    }

    private record Spec(ObjectName name, String attribute) {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean serve = rest.remove("--serve");
        if (rest.size() < 2) {
            System.err.println("usage: JmxAttribute [--serve] HOST:PORT 'OBJECT_NAME#ATTRIBUTE' ...");
            System.exit(2);
        }
        String hostPort = rest.remove(0);
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        if (!isLoopback(host)) {
            System.err.println("JmxAttribute: refusing non-loopback JMX host " + host);
            System.exit(2);
        }
        List<Spec> specs = new ArrayList<>();
        for (String arg : rest) {
            int hash = arg.lastIndexOf('#');
            if (hash < 1) {
                System.err.println("JmxAttribute: expected OBJECT_NAME#ATTRIBUTE, got " + arg);
                System.exit(2);
            }
            specs.add(new Spec(new ObjectName(arg.substring(0, hash)), arg.substring(hash + 1)));
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            if (!serve) {
                out.println(sample(server, specs));
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                out.println(sample(server, specs));
            }
        }
    }

    private static String sample(MBeanServerConnection server, List<Spec> specs) {
        List<String> values = new ArrayList<>();
        for (Spec spec : specs) {
            values.add(read(server, spec));
        }
        return String.join(" ", values);
    }

    private static String read(MBeanServerConnection server, Spec spec) {
        try {
            Set<ObjectName> names = spec.name().isPattern() ? server.queryNames(spec.name(), null) : Set.of(spec.name());
            if (names.isEmpty()) {
                return "n/a";
            }
            long longSum = 0;
            double doubleSum = 0;
            boolean integral = true;
            for (ObjectName name : names) {
                Object value = server.getAttribute(name, spec.attribute());
                if (!(value instanceof Number number)) {
                    return "n/a";
                }
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    longSum += number.longValue();
                } else {
                    integral = false;
                }
                doubleSum += number.doubleValue();
            }
            return integral ? Long.toString(longSum) : Double.toString(doubleSum);
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
