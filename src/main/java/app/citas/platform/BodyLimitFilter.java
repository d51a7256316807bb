package app.citas.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over the limit with 413 before anything parses them: at once when Content-Length says so,
 * and for bodies of unknown length (chunked) after reading at most limit + 1 bytes. The 413 is sent first, then up to
 * {@code drainBytes} of the rest of the body are read and discarded before the connection is closed: a client that
 * writes its whole body before reading (urllib, requests, curl without Expect) then reads the 413 instead of a reset
 * connection. A body larger than that is not waited for; each read is bounded by the connector's timeout.
 */
public final class BodyLimitFilter implements Filter {
    private final int maxBytes;
    private final long drainBytes;
    private final ObjectMapper json;

    public BodyLimitFilter(int maxBytes, long drainBytes, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.drainBytes = drainBytes;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response, declared <= drainBytes ? request.getInputStream() : null);
            return;
        }
        if (declared >= 0 || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        InputStream stream = request.getInputStream();
        byte[] body = stream.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            refuse(request, response, stream);
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    /** @param rest the body still to drain, or null when it is too large to wait for */
    private void refuse(HttpServletRequest request, HttpServletResponse response, InputStream rest) throws IOException {
        response.setHeader("Connection", "close");
        ProblemResponses.write(request, response, json, Problems.bodyTooLarge(maxBytes));
        response.flushBuffer();
        if (rest != null) {
            drain(rest);
        }
    }

    /** Reads and drops at most drainBytes, so that closing the connection does not reset it under unread data. */
    private void drain(InputStream body) {
        byte[] buffer = new byte[8192];
        long left = drainBytes;
        try {
            while (left > 0) {
                int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        } catch (IOException gone) {
            // The client stopped sending or went away: the answer is already on its way.
        }
    }

    /** The request with its (small) body already read into memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BytesInputStream(new ByteArrayInputStream(body));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class BytesInputStream extends ServletInputStream {
        private final InputStream bytes;

        BytesInputStream(InputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            try {
                return bytes.available() == 0;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("The body is already buffered; read it synchronously.");
        }
    }
}
