package app.citas.ops;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Operator command behind scripts/status.sh: one screen about the running Tomcat, read over its loopback JMX port
 * (see tomcat-conf/bin/setenv.sh and docs/monitoring.md). Exit status 1 when it cannot connect or read, 2 on usage.
 */
public final class Status {
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private final StatusOptions options;
    private final PrintStream out;

    Status(StatusOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.print(StatusOptions.USAGE);
            return;
        }
        StatusOptions options;
        try {
            options = StatusOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("status: " + e.getMessage());
            System.err.print(StatusOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            new Status(options, System.out).run();
        } catch (CannotConnect | IOException e) {
            System.err.println("status: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void run() throws CannotConnect, IOException, InterruptedException {
        try (JMXConnector connector = connect(options)) {
            SampleReader reader = new SampleReader(connector.getMBeanServerConnection(), Clock.systemUTC());
            StatusScreen screen = new StatusScreen(target(options));
            Sample previous = reader.read();
            do {
                Thread.sleep(options.interval().toMillis());
                Sample current = reader.read();
                out.print((options.watch() ? CLEAR_SCREEN : "") + screen.render(previous, current));
                out.flush();
                previous = current;
            } while (options.watch());
        } catch (IOException e) {
            throw new IOException("lost the JMX connection to " + target(options) + ": " + e.getMessage(), e);
        }
    }

    /** Connects, asking for the password on the terminal when the server wants one and none was given. */
    private static JMXConnector connect(StatusOptions options) throws CannotConnect {
        try {
            return open(options);
        } catch (SecurityException refused) {
            Console console = System.console();
            if (options.hasCredentials() || console == null) {
                throw CannotConnect.refused(options, refused);
            }
            char[] typed = console.readPassword("JMX password for %s: ", target(options));
            if (typed == null || typed.length == 0) {
                throw CannotConnect.refused(options, refused);
            }
            StatusOptions withPassword = options.withPassword(new String(typed));
            try {
                return open(withPassword);
            } catch (SecurityException again) {
                throw CannotConnect.refused(withPassword, again);
            }
        }
    }

    private static JMXConnector open(StatusOptions options) throws CannotConnect {
        Map<String, Object> environment = new HashMap<>();
        if (options.hasCredentials()) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {options.user(), options.password()});
        }
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + options.port() + "/jmxrmi"), environment);
        } catch (IOException e) {
            throw CannotConnect.unreachable(options, e);
        }
    }

    static String target(StatusOptions options) {
        return "127.0.0.1:" + options.port() + (options.hasCredentials() ? " as " + options.user() : "");
    }

    /** Why no JMX connection was made, in words an operator can act on. */
    static final class CannotConnect extends Exception {
        private CannotConnect(String message, Throwable cause) {
            super(message, cause);
        }

        static CannotConnect unreachable(StatusOptions options, IOException e) {
            return new CannotConnect("cannot reach JMX on 127.0.0.1:" + options.port() + " (" + rootMessage(e)
                    + "). Is Tomcat running with CITAS_JMX_PORT=" + options.port() + "?", e);
        }

        static CannotConnect refused(StatusOptions options, SecurityException e) {
            String why = options.hasCredentials()
                    ? "refused user '" + options.user() + "': wrong user or password (CITAS_JMX_USER,"
                            + " CITAS_JMX_PASSWORD)"
                    : "requires a user and password: set CITAS_JMX_PASSWORD for user '" + options.user()
                            + "' (CITAS_JMX_USER to use another)";
            return new CannotConnect("JMX on 127.0.0.1:" + options.port() + " " + why + " [" + e.getMessage() + "]",
                    e);
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }
}
