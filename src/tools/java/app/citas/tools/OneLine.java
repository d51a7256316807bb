package app.citas.tools;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** A failure as one line an operator can act on: what could not be reached, and the innermost cause's words. */
final class OneLine {
    private OneLine() {
    }

    /** @param where the server the command talked to, as it may be shown (no password) */
    static String of(Throwable failure, String where) {
        Throwable root = failure;
        boolean unreachable = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            unreachable |= t instanceof ConnectException || t instanceof UnknownHostException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                    || t.getClass().getSimpleName().equals("PoolInitializationException")
                    || t.getClass().getSimpleName().equals("JedisConnectionException");
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return unreachable ? "cannot reach " + where + ": " + message : message;
    }
}
