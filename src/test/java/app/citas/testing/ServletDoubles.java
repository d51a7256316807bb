package app.citas.testing;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-ins for the servlet API surface only (the container Tomcat is in production): a request and a response that
 * answer the methods the application's filters and the Jersey bridge call, and refuse any other loudly, so a new
 * call in production code shows up as a clear test failure rather than a silent null.
 */
public final class ServletDoubles {
    private ServletDoubles() {
    }

    /** What a request is made of; the path is below the API root, with its query string. */
    public record RequestSpec(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body,
                              boolean chunked, String remoteAddress) {
    }

    public static HttpServletRequest request(RequestSpec spec) {
        return proxy(HttpServletRequest.class, new RequestHandler(spec));
    }

    public static Response response() {
        return new Response();
    }

    /** The recorded response: status, headers and the bytes written, and the {@link HttpServletResponse} to write to. */
    public static final class Response {
        private int status = 200;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean committed;
        private final HttpServletResponse servlet = proxy(HttpServletResponse.class, this::invoke);

        public HttpServletResponse servlet() {
            return servlet;
        }

        public int status() {
            return status;
        }

        public Map<String, List<String>> headers() {
            return headers;
        }

        public byte[] body() {
            return body.toByteArray();
        }

        private Object invoke(Object self, Method method, Object[] args) {
            switch (method.getName()) {
                case "setStatus" -> status = (Integer) args[0];
                case "getStatus" -> {
                    return status;
                }
                case "setHeader" -> headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                case "addHeader" -> headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                case "setIntHeader" -> headers.put((String) args[0], new ArrayList<>(List.of(String.valueOf(args[1]))));
                case "getHeader" -> {
                    List<String> values = headers.get((String) args[0]);
                    return values == null ? null : values.get(0);
                }
                case "getHeaders" -> {
                    return headers.getOrDefault((String) args[0], List.of());
                }
                case "getHeaderNames" -> {
                    return new ArrayList<>(headers.keySet());
                }
                case "containsHeader" -> {
                    return headers.containsKey((String) args[0]);
                }
                case "setContentType" -> headers.put("Content-Type", new ArrayList<>(List.of((String) args[0])));
                case "getContentType" -> {
                    List<String> values = headers.get("Content-Type");
                    return values == null ? null : values.get(0);
                }
                case "setContentLength", "setContentLengthLong", "setCharacterEncoding", "setBufferSize", "flushBuffer",
                     "setLocale" -> {
                    if (method.getName().equals("flushBuffer")) {
                        committed = true;
                    }
                }
                case "getCharacterEncoding" -> {
                    return "UTF-8";
                }
                case "isCommitted" -> {
                    return committed;
                }
                case "getOutputStream" -> {
                    committed = true;
                    return new BytesOut(body);
                }
                case "getWriter" -> {
                    committed = true;
                    return new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), true);
                }
                default -> throw new UnsupportedOperationException("HttpServletResponse." + method.getName()
                        + " is not in the test double (add it to ServletDoubles)");
            }
            return null;
        }
    }

    private static final class RequestHandler implements InvocationHandler {
        private final RequestSpec spec;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final String path;
        private final String query;
        private boolean bodyTaken;

        RequestHandler(RequestSpec spec) {
            this.spec = spec;
            headers.putAll(spec.headers());
            int question = spec.pathAndQuery().indexOf('?');
            this.path = question < 0 ? spec.pathAndQuery() : spec.pathAndQuery().substring(0, question);
            this.query = question < 0 ? null : spec.pathAndQuery().substring(question + 1);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) {
            return switch (method.getName()) {
                case "getMethod" -> spec.method();
                case "getPathInfo" -> path;
                case "getServletPath" -> InProcessHttp.API_ROOT;
                case "getContextPath" -> InProcessHttp.CONTEXT_PATH;
                case "getProtocol" -> "HTTP/1.1";
                case "getRequestURI" -> InProcessHttp.CONTEXT_PATH + InProcessHttp.API_ROOT + path;
                case "getQueryString" -> query;
                case "getHeader" -> {
                    List<String> values = headers.get((String) args[0]);
                    yield values == null || values.isEmpty() ? null : values.get(0);
                }
                case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                case "getHeaderNames" -> Collections.enumeration(new ArrayList<>(headers.keySet()));
                case "getContentType" -> {
                    List<String> values = headers.get("Content-Type");
                    yield values == null ? null : values.get(0);
                }
                case "getContentLength" -> spec.body() == null || spec.chunked() ? -1 : spec.body().length;
                case "getContentLengthLong" -> spec.body() == null || spec.chunked() ? -1L : (long) spec.body().length;
                case "getInputStream" -> {
                    if (bodyTaken) {
                        throw new IllegalStateException("the request body was already read");
                    }
                    bodyTaken = true;
                    yield new BytesIn(spec.body() == null ? new byte[0] : spec.body());
                }
                case "getCharacterEncoding" -> null;
                case "getRemoteAddr" -> spec.remoteAddress();
                case "getScheme" -> "http";
                case "isSecure" -> false;
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> {
                    attributes.put((String) args[0], args[1]);
                    yield null;
                }
                case "removeAttribute" -> {
                    attributes.remove((String) args[0]);
                    yield null;
                }
                case "getAttributeNames" -> Collections.enumeration(new ArrayList<>(attributes.keySet()));
                case "getLocale" -> Locale.ROOT;
                case "toString" -> spec.method() + " " + spec.pathAndQuery();
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException("HttpServletRequest." + method.getName()
                        + " is not in the test double (add it to ServletDoubles)");
            };
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(ServletDoubles.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static final class BytesIn extends ServletInputStream {
        private final ByteArrayInputStream bytes;

        BytesIn(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class BytesOut extends ServletOutputStream {
        private final ByteArrayOutputStream bytes;

        BytesOut(ByteArrayOutputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
