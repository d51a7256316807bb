package app.citas.stack;

import app.citas.dev.EmbeddedDatabase;
import app.citas.dev.FreePorts;
import app.citas.dev.TomcatProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL that fault tests may stop and start again: its cluster lives in a directory of its own
 * and it comes back on the same port, so the application's pool reconnects to the same URL with the data intact.
 */
final class RestartableDatabase implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedDatabase running;

    private RestartableDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static RestartableDatabase start() throws IOException {
        RestartableDatabase database = new RestartableDatabase(Files.createTempDirectory("citas-it-pg-"),
                FreePorts.pick());
        database.restart();
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    synchronized boolean isRunning() {
        return running != null;
    }

    /** A fast shutdown (pg_ctl stop): open connections are cut, committed work is kept. */
    synchronized void stop() throws IOException {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    synchronized void restart() throws IOException {
        if (running == null) {
            running = EmbeddedDatabase.start(dataDirectory, port);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        stop();
        TomcatProcess.deleteRecursively(dataDirectory);
    }
}
