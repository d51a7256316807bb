package app.citas.testing;

import app.citas.dev.ApiClient;
import app.citas.dev.Reply;
import app.citas.testing.ServletDoubles.RequestSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-process API client of the tests: JSON in, JSON out, optional bearer token and headers; paths are below the
 * API root ({@code /appointments}). Immutable: {@link #as} and {@link #header} return a new client.
 */
public final class Api implements ApiClient {
    private final InProcessHttp http;
    private final Map<String, List<String>> headers;
    private final String remoteAddress;

    Api(InProcessHttp http) {
        this(http, new TreeMap<>(String.CASE_INSENSITIVE_ORDER), "127.0.0.1");
    }

    private Api(InProcessHttp http, Map<String, List<String>> headers, String remoteAddress) {
        this.http = http;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
    }

    public Api as(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public Api header(String name, String value) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put(name, List.of(value));
        return new Api(http, copy, remoteAddress);
    }

    /** The same client calling from another address (the servlet request's remote address). */
    public Api from(String address) {
        return new Api(http, headers, address);
    }

    /** A String body goes as given, anything else as JSON; Content-Type application/json unless set by header(). */
    @Override
    public Reply send(String method, String path, Object body) {
        byte[] bytes = body == null ? null : ApiClient.bodyText(body).getBytes(StandardCharsets.UTF_8);
        return send(method, path, bytes, false);
    }

    /** Sends raw bytes; chunked means no Content-Length, as a streamed body of unknown length arrives. */
    public Reply send(String method, String path, byte[] body, boolean chunked) {
        Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requestHeaders.putAll(headers);
        if (body != null) {
            requestHeaders.putIfAbsent("Content-Type", List.of("application/json"));
            if (chunked) {
                requestHeaders.put("Transfer-Encoding", List.of("chunked"));
            } else {
                requestHeaders.put("Content-Length", List.of(String.valueOf(body.length)));
            }
        }
        ServletDoubles.Response response = http.exchange(
                new RequestSpec(method, path, requestHeaders, body, chunked, remoteAddress));
        return new Reply(response.status(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
    }
}
