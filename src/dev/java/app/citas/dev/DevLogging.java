package app.citas.dev;

/**
 * The development commands' own log records (the embedded servers' output, which zonky forwards line by line) as
 * one line each, like Tomcat's: the JDK's default format adds a header line naming the inferred caller, for
 * PostgreSQL's lines "java.util.Iterator forEachRemaining".
 */
public final class DevLogging {
    /** Date and time, level, logger, message, and the stack trace when there is one. */
    public static final String FORMAT = "%1$td-%1$tb-%1$tY %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n";

    private DevLogging() {
    }

    /** Call before anything logs; a format given on the command line wins. */
    public static void oneLine() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
        }
    }
}
