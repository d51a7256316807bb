package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.Citas;
import app.citas.CitasSettings;
import app.citas.testing.CitasExtension;
import app.citas.testing.TestSchema;
import app.citas.testing.TestServers;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanRegistration;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Citas.start} and {@code close()}: afterwards no thread it started is alive, and no connection pool or MBean
 * of it is registered; the same when start-up fails half way.
 */
@ExtendWith(TestServers.Resolver.class)
class CitasLifecycleIT {
    /** Threads of the JVM itself, which any code may start on first use and which are not the application's. */
    private static final Pattern JVM_THREADS = Pattern.compile(
            "ForkJoinPool\\.commonPool-worker-\\d+|process reaper.*|Attach Listener|Common-Cleaner|JFR .*"
                    + "|Notification Thread|Signal Dispatcher|RMI .*|GC Daemon");
    private static final List<String> MBEAN_PATTERNS = List.of("citas:*", "com.zaxxer.hikari:*");

    /** What the application could leave behind: its threads and its MBeans. */
    private record Leftovers(Set<String> threads, Set<String> mbeans) {
        static Leftovers since(Set<Thread> threadsBefore, Set<ObjectName> mbeansBefore) {
            Set<String> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .filter(thread -> !threadsBefore.contains(thread))
                    .map(Thread::getName)
                    .filter(name -> !JVM_THREADS.matcher(name).matches())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> mbeans = registeredMBeans().stream().filter(name -> !mbeansBefore.contains(name))
                    .map(ObjectName::toString).collect(Collectors.toCollection(TreeSet::new));
            return new Leftovers(threads, mbeans);
        }

        boolean none() {
            return threads.isEmpty() && mbeans.isEmpty();
        }
    }

    private static Set<ObjectName> registeredMBeans() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = new HashSet<>();
        for (String pattern : MBEAN_PATTERNS) {
            try {
                names.addAll(server.queryNames(new ObjectName(pattern), null));
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return names;
    }

    /** Waits a bounded time for threads that are ending (pools interrupt theirs and do not always join them). */
    private static Leftovers awaitNone(Set<Thread> threadsBefore, Set<ObjectName> mbeansBefore) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Leftovers left = Leftovers.since(threadsBefore, mbeansBefore);
        while (!left.none() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = Leftovers.since(threadsBefore, mbeansBefore);
        }
        return left;
    }

    private static CitasSettings config(TestServers servers, TestSchema schema, String keyPrefix) {
        Map<String, String> settings = CitasExtension.settings(servers, schema, keyPrefix);
        return CitasSettings.from(settings::get);
    }

    @Test
    void closeLeavesNoThreadPoolOrMBean(TestServers servers) throws Exception {
        String prefix = TestServers.newKeyPrefix();
        try (TestSchema schema = servers.newSchema()) {
            Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
            Set<ObjectName> mbeansBefore = registeredMBeans();
            Citas citas = Citas.start(config(servers, schema, prefix), Clock.systemUTC());
            Leftovers running;
            try {
                assertTrue(citas.redisAnswers());
                running = Leftovers.since(threadsBefore, mbeansBefore);
            } finally {
                citas.close();
            }
            // The check can see what it looks for: while running there are pool threads, the purge and the MBeans.
            assertTrue(running.threads().stream().anyMatch(name -> name.startsWith("citas-db")), running.toString());
            assertTrue(running.threads().contains("citas-idempotency-purge"), running.toString());
            assertTrue(running.mbeans().contains("citas:type=Database"), running.toString());
            assertTrue(running.mbeans().stream().anyMatch(name -> name.startsWith("com.zaxxer.hikari:type=Pool")),
                    running.toString());
            Leftovers left = awaitNone(threadsBefore, mbeansBefore);
            assertTrue(left.none(), "left behind after close(): " + left);
        } finally {
            servers.forgetKeys(prefix);
        }
    }

    @Test
    void aFailedMigrationLeavesNothingBehind(TestServers servers) throws Exception {
        String prefix = TestServers.newKeyPrefix();
        try (TestSchema schema = servers.newSchema()) {
            try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
                statement.execute("create table users (id text)");
            }
            Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
            Set<ObjectName> mbeansBefore = registeredMBeans();
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> Citas.start(config(servers, schema, prefix), Clock.systemUTC()).close());
            assertTrue(String.valueOf(failure.getMessage()).toLowerCase().contains("migration"), failure.toString());
            Leftovers left = awaitNone(threadsBefore, mbeansBefore);
            assertTrue(left.none(), "left behind by the failed start: " + left);
        } finally {
            servers.forgetKeys(prefix);
        }
    }

    /**
     * Start-up fails after the pool, Redis and several MBeans exist: an MBean that refuses to be replaced holds the
     * name the quota feature registers, late in start-up.
     */
    @Test
    void aStartThatFailsHalfWayLeavesNothingBehind(TestServers servers) throws Exception {
        String prefix = TestServers.newKeyPrefix();
        ObjectName blocked = new ObjectName("citas:type=Quota");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Blocker blocker = new Blocker();
        server.registerMBean(blocker, blocked);
        try (TestSchema schema = servers.newSchema()) {
            Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
            Set<ObjectName> mbeansBefore = registeredMBeans();
            assertThrows(RuntimeException.class, () -> Citas.start(config(servers, schema, prefix), Clock.systemUTC()).close());
            assertEquals(1, schemaTables(schema), "start-up got past the migrations before it failed");
            Leftovers left = awaitNone(threadsBefore, mbeansBefore);
            assertTrue(left.none(), "left behind by the failed start: " + left);
        } finally {
            blocker.release();
            if (server.isRegistered(blocked)) {
                server.unregisterMBean(blocked);
            }
            servers.forgetKeys(prefix);
        }
    }

    private static long schemaTables(TestSchema schema) throws Exception {
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from information_schema.tables "
                     + "where table_schema = current_schema() and table_name = 'appointments'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** An MBean that refuses to be unregistered until released, so nothing can take its name. */
    public interface BlockerMBean {
        boolean isReleased();
    }

    public static final class Blocker implements BlockerMBean, MBeanRegistration {
        private volatile boolean released;

        void release() {
            released = true;
        }

        @Override
        public boolean isReleased() {
            return released;
        }

        @Override
        public ObjectName preRegister(MBeanServer server, ObjectName name) {
            return name;
        }

        @Override
        public void postRegister(Boolean done) {
        }

        @Override
        public void preDeregister() {
            if (!released) {
                throw new IllegalStateException("held by the test");
            }
        }

        @Override
        public void postDeregister() {
        }
    }
}
