package app.citas.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real PostgreSQL binaries (zonky) in a child process; data kept in a directory when one is given. */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param dataDirectory where the cluster lives, kept between runs; null for a throw-away one */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        Platform platform = Platform.current();
        if (EmbeddedDatabase.class.getClassLoader().getResource(platform.postgresResource()) == null) {
            throw new IllegalStateException(platform.noEmbeddedPostgres());
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setServerConfig("timezone", "UTC")
                // A failing statement's ERROR (and a WARNING) reaches its client, which reports what it did not expect;
                // the server's log would repeat each one, also expected ones such as Liquibase's first look for its
                // lock table. LOG, FATAL and PANIC (start, stop, crashes) are still written.
                .setServerConfig("log_min_messages", "log")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        builder.setPort(port > 0 ? port : FreePorts.pick());
        if (dataDirectory != null) {
            Files.createDirectories(dataDirectory);
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        return new EmbeddedDatabase(builder.start());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
