package app.citas.testing;

import app.citas.dev.FreePorts;
import app.citas.dev.Platform;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis primary, one replica and three Sentinels (quorum 2), each a redis-server process of its own on a free
 * loopback port, with files under a temporary directory; {@link #close()} kills every process it started and removes
 * the directory. The Sentinels declare the primary down after {@link #DOWN_AFTER} without an answer, so a killed
 * primary is replaced within a few seconds. The binary is the embedded-redis jar's (as every other test's Redis) or,
 * on a platform it has none for, {@code redis-server} on the PATH; {@link #binary()} is empty when neither exists.
 */
public final class RedisSentinelGroup implements AutoCloseable {
    public static final String MASTER = "citas-it";
    public static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(5);

    private final Path directory;
    private final File binary;
    private final List<Process> processes = new ArrayList<>();
    /** The two data servers by port: the one started as primary, the one started as its replica. */
    private final java.util.Map<Integer, Process> servers = new java.util.LinkedHashMap<>();
    private int primaryPort;
    private int replicaPort;
    private final List<Integer> sentinelPorts = new ArrayList<>();

    private RedisSentinelGroup(File binary, Path directory) {
        this.binary = binary;
        this.directory = directory;
    }

    /** The redis-server binary to run, if this machine has one. */
    public static Optional<File> binary() {
        try {
            if (Platform.current().hasRedis()) {
                return Optional.of(ExecutableProvider.newJarResourceProvider().get());
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the PATH
        }
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Stream.of(path.split(File.pathSeparator))
                .map(dir -> new File(dir, "redis-server")).filter(File::canExecute).findFirst();
    }

    /** Starts the group and waits (bounded) until the replica has synchronised and every Sentinel sees the others. */
    public static RedisSentinelGroup start(File binary) throws IOException, InterruptedException {
        RedisSentinelGroup group = new RedisSentinelGroup(binary, Files.createTempDirectory("citas-sentinel-"));
        try {
            group.startAll();
            return group;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            group.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException {
        primaryPort = FreePorts.pick();
        replicaPort = FreePorts.pick();
        servers.put(primaryPort, server("primary", primaryPort, List.of()));
        servers.put(replicaPort, server("replica", replicaPort,
                List.of("--replicaof", "127.0.0.1", String.valueOf(primaryPort))));
        awaitPing(primaryPort);
        awaitPing(replicaPort);
        for (int i = 1; i <= 3; i++) {
            int port = FreePorts.pick();
            sentinelPorts.add(port);
            Path conf = directory.resolve("sentinel-" + i + ".conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "daemonize no",
                    "dir " + directory.toAbsolutePath(),
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + primaryPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER.toMillis(),
                    "sentinel failover-timeout " + MASTER + " " + FAILOVER_TIMEOUT.toMillis(),
                    "sentinel parallel-syncs " + MASTER + " 1",
                    ""));
            processes.add(run("sentinel-" + i, List.of(binary.getAbsolutePath(), conf.toString(), "--sentinel")));
        }
        for (int port : sentinelPorts) {
            awaitPing(port);
        }
        awaitReplicaReady(replicaPort);
    }

    /**
     * Waits (bounded) until the server at the port is a replica in sync with the master and every Sentinel sees it
     * and the two other Sentinels: what a failover needs (Sentinels' hello messages come every 2 s).
     */
    public void awaitReplicaReady(int port) throws InterruptedException {
        await(Duration.ofSeconds(20), "the replica on port " + port + " to synchronise with its master", () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                String replication = jedis.info("replication");
                return replication.contains("role:slave") && replication.contains("master_link_status:up");
            }
        });
        await(Duration.ofSeconds(30), "every Sentinel to see the replica on port " + port + " and two other Sentinels",
                () -> {
                    for (int sentinel : sentinelPorts) {
                        try (Jedis jedis = new Jedis("127.0.0.1", sentinel)) {
                            boolean seen = jedis.sentinelReplicas(MASTER).stream().anyMatch(replica ->
                                    String.valueOf(port).equals(replica.get("port"))
                                            && "ok".equals(replica.get("master-link-status"))
                                            && !replica.getOrDefault("flags", "").contains("down"));
                            if (!seen || jedis.sentinelSentinels(MASTER).size() < 2) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
    }

    private Process server(String name, int port, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.getAbsolutePath(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--daemonize", "no", "--save", "", "--appendonly", "no",
                "--dir", directory.toAbsolutePath().toString()));
        command.addAll(extra);
        Process process = run(name, command);
        processes.add(process);
        return process;
    }

    private Process run(String name, List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(directory.resolve(name + ".log").toFile()).start();
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/<master>/0}. */
    public String url() {
        return "redis-sentinel://" + String.join(",", sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList())
                + "/" + MASTER + "/0";
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** Where the first Sentinel that answers says the master is now. */
    public HostAndPort master() {
        for (int port : sentinelPorts) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                return jedis.sentinelGetMasterAddrByName(MASTER).stream().reduce((host, p) -> host + ":" + p)
                        .map(HostAndPort::from).orElseThrow();
            } catch (RuntimeException e) {
                // ask the next one
            }
        }
        throw new IllegalStateException("no Sentinel answered");
    }

    /** SIGKILL of the current master's process: no shutdown, its connections are cut. Returns its port. */
    public int killMaster() throws InterruptedException {
        int port = master().getPort();
        Process master = servers.get(port);
        master.destroyForcibly();
        if (!master.waitFor(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the master outlived SIGKILL");
        }
        return port;
    }

    /**
     * A switchover: asks a Sentinel to fail over while the master is alive ({@code SENTINEL FAILOVER}); the replica
     * is promoted and the old master becomes its replica. Returns the old master's port.
     */
    public int switchover() {
        int port = master().getPort();
        try (Jedis jedis = new Jedis("127.0.0.1", sentinelPorts.get(0))) {
            jedis.sentinelFailover(MASTER);
        }
        return port;
    }

    /** The port of the data server that is not at the given port. */
    public int other(int port) {
        return port == primaryPort ? replicaPort : primaryPort;
    }

    /** The tail of a process' log (primary, replica, sentinel-1...), for a failure message. */
    public String log(String name) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public static void await(Duration bound, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + bound.toSeconds() + " s for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    private static void awaitPing(int port) throws InterruptedException {
        await(Duration.ofSeconds(10), "redis-server on port " + port, () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                return "PONG".equals(jedis.ping());
            }
        });
    }

    /** Kills every process started (SIGKILL, nothing here holds data worth a shutdown) and removes the files. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
