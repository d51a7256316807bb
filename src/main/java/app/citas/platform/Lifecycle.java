package app.citas.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running application in the order they started, closed in reverse: on shutdown, and also when a
 * start fails half way, so a failed deployment leaves no pool, thread or MBean behind. A part that fails to close
 * is logged and the others still close.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private final Deque<Stoppable> started = new ArrayDeque<>();

    /** Something to close, with a name for the log. */
    private record Stoppable(String name, AutoCloseable part) {
    }

    /** Takes a part that is running from construction (a pool, a registry) into the lifecycle. */
    public <T extends AutoCloseable> T manage(String name, T part) {
        started.push(new Stoppable(name, part));
        return part;
    }

    /** Starts a managed part and takes it into the lifecycle. */
    public <T extends Managed> T start(String name, T part) {
        part.start();
        started.push(new Stoppable(name, part::stop));
        return part;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            Stoppable next = started.pop();
            try {
                next.part().close();
            } catch (Exception | LinkageError e) {
                LOG.warn("Stopping {} failed: {}", next.name(), e.toString());
            }
        }
    }
}
