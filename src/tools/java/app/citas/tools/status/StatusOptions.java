package app.citas.tools.status;

import java.time.Duration;
import java.util.Map;

/**
 * What scripts/status.sh was asked for: the JMX port on 127.0.0.1, the user and password (environment only, so no
 * password shows in a process list), the sampling interval and whether to keep refreshing.
 */
record StatusOptions(int port, String user, String password, Duration interval, boolean watch) {
    static final String USAGE = """
            usage: scripts/status.sh [--watch [SECONDS]] [--interval SECONDS] [--port PORT]
              Reads the running Tomcat over JMX on 127.0.0.1 and prints one screen: threads, heap, requests/s,
              database pool, SQL, cache hit ratios, quota refusals, Redis. Without --watch it samples twice,
              SECONDS apart (default 5), and prints once; --watch redraws every SECONDS until Ctrl-C.
            environment:
              CITAS_JMX_PORT      JMX port (default: the one scripts/run.sh wrote to data/stack.env)
              CITAS_JMX_USER      JMX user (default monitor, the read-only role)
              CITAS_JMX_PASSWORD  its password; without it status.sh connects without credentials
            """;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    boolean hasCredentials() {
        return password != null && !password.isEmpty();
    }

    StatusOptions withPassword(String newPassword) {
        return new StatusOptions(port, user, newPassword, interval, watch);
    }

    static StatusOptions parse(String[] args, Map<String, String> env) {
        String port = env.get("CITAS_JMX_PORT");
        Duration interval = DEFAULT_INTERVAL;
        boolean watch = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--watch" -> {
                    watch = true;
                    if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        interval = seconds(args[++i]);
                    }
                }
                case "--interval" -> interval = seconds(value(args, ++i, "--interval"));
                case "--port" -> port = value(args, ++i, "--port");
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        String user = env.getOrDefault("CITAS_JMX_USER", "");
        return new StatusOptions(port(port), user.isBlank() ? "monitor" : user, env.get("CITAS_JMX_PASSWORD"),
                interval, watch);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Duration seconds(String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0.5 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        throw new IllegalArgumentException("interval must be a number of seconds from 0.5 to 3600: " + text);
    }

    private static int port(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no JMX port: set CITAS_JMX_PORT (the port Tomcat was started with),"
                    + " or start scripts/run.sh, which writes it to data/stack.env");
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("not a TCP port: " + text);
    }
}
