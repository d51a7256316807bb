package app.citas.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A real redis-server binary (shipped in the embedded-redis jar) in a child process; can be stopped and restarted. */
public final class EmbeddedRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param dataDirectory where the append-only file lives, kept between runs; null for memory only */
    public static EmbeddedRedis start(Path dataDirectory, int port) throws IOException {
        Platform platform = Platform.current();
        if (!platform.hasRedis()) {
            throw new IllegalStateException(platform.noEmbeddedRedis());
        }
        int chosen = port > 0 ? port : FreePorts.pick();
        var builder = RedisServer.newRedisServer().port(chosen).bind("127.0.0.1")
                .setting("daemonize no").setting("protected-mode yes");
        if (dataDirectory != null) {
            Files.createDirectories(dataDirectory);
            builder.setting("dir " + dataDirectory.toAbsolutePath())
                    .setting("appendonly yes").setting("save \"\"");
        } else {
            builder.setting("appendonly no").setting("save \"\"");
        }
        RedisServer server = builder.build();
        server.start();
        return new EmbeddedRedis(server, chosen);
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public int port() {
        return port;
    }

    public void stop() throws IOException {
        server.stop();
    }

    public void restart() throws IOException {
        server.start();
    }

    @Override
    public void close() throws IOException {
        if (server.isActive()) {
            server.stop();
        }
    }

}
