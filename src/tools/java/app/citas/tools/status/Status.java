package app.citas.tools.status;

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
        Connected connected = connect(options);
        if (!options.watch()) {
            try (JMXConnector connector = connected.connector()) {
                SampleReader reader = reader(connector);
                Sample previous = reader.read();
                Thread.sleep(options.interval().toMillis());
                out.print(new StatusScreen(target(connected.options())).render(previous, reader.read()));
                out.flush();
            } catch (IOException e) {
                throw new IOException("lost the JMX connection to " + target(options) + ": " + e.getMessage(), e);
            }
            return;
        }
        watch(connected);
    }

    /** Redraws until interrupted; a lost connection (Tomcat restarting, a redeploy) is retried every interval. */
    private void watch(Connected connected) throws CannotConnect, InterruptedException {
        StatusOptions withCredentials = connected.options();
        StatusScreen screen = new StatusScreen(target(withCredentials));
        JMXConnector connector = connected.connector();
        while (true) {
            try (JMXConnector current = connector) {
                SampleReader reader = reader(current);
                Sample previous = reader.read();
                while (true) {
                    Thread.sleep(options.interval().toMillis());
                    Sample sample = reader.read();
                    out.print(CLEAR_SCREEN + screen.render(previous, sample));
                    out.flush();
                    previous = sample;
                }
            } catch (IOException lost) {
                out.println("status: lost the JMX connection to " + target(withCredentials) + " ("
                        + CannotConnect.rootMessage(lost) + "); retrying every " + options.interval().toSeconds() + " s");
                out.flush();
            }
            connector = reconnect(withCredentials);
        }
    }

    private JMXConnector reconnect(StatusOptions withCredentials) throws CannotConnect, InterruptedException {
        while (true) {
            Thread.sleep(options.interval().toMillis());
            try {
                return open(withCredentials);
            } catch (CannotConnect unreachable) {
                // Still down: keep trying. A refused password (SecurityException) ends the watch.
            } catch (SecurityException refused) {
                throw CannotConnect.refused(withCredentials, refused);
            }
        }
    }

    private static SampleReader reader(JMXConnector connector) throws IOException {
        return new SampleReader(connector.getMBeanServerConnection(), Clock.systemUTC());
    }

    /** A connection and the options that made it (with the password typed at the prompt, if one was). */
    private record Connected(JMXConnector connector, StatusOptions options) {
    }

    /** Connects, asking for the password on the terminal when the server wants one and none was given. */
    private static Connected connect(StatusOptions options) throws CannotConnect {
        try {
            return new Connected(open(options), options);
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
                return new Connected(open(withPassword), withPassword);
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

        static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }
}
