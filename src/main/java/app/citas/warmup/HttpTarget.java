package app.citas.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * GETs sent to this node's own HTTP connector on loopback, so they take the whole path a client's request takes:
 * Tomcat's connector and valves, every servlet filter (quotas included), Jersey. Each carries the warm-up's secret,
 * which {@link WarmupRequests} recognises. {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: on JDK 17
 * that client cannot be closed, and its selector thread would outlive an undeployed application.
 */
final class HttpTarget implements Warmup.Target {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String secret;

    /** @param base the API root on loopback, ending with a slash (e.g. {@code http://127.0.0.1:8080/citas/api/v1/}) */
    HttpTarget(URI base, String secret) {
        this.base = base;
        this.secret = secret;
    }

    @Override
    public Warmup.Reply get(String pathAndQuery) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(pathAndQuery).toURL().openConnection();
        connection.setConnectTimeout((int) TIMEOUT.toMillis());
        connection.setReadTimeout((int) TIMEOUT.toMillis());
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty(WarmupRequests.HEADER, secret);
        int status = connection.getResponseCode();
        // Read to the end and close, so the connection goes back to the keep-alive cache.
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Warmup.Reply(status, body == null ? new byte[0] : body.readAllBytes());
        }
    }
}
