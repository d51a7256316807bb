package app.citas.warmup;

import app.citas.platform.Readiness;
import app.citas.quota.QuotaModule;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recognises the node's own warm-up requests (their header carries the secret made at this start, and only while
 * the node is warming) and charges them to anonymous quota keys of their own, a new one every
 * {@value #REQUESTS_PER_KEY} requests: they take the quota filter's whole path without spending a real caller's
 * quota, and never reach a limit, so they warm the allowed path and not the 429 one.
 */
public final class WarmupRequests implements Filter {
    static final String HEADER = "X-Citas-Warmup";
    static final int REQUESTS_PER_KEY = 10;

    private final String secret;
    private final Readiness readiness;
    private final AtomicLong requests = new AtomicLong();

    WarmupRequests(String secret, Readiness readiness) {
        this.secret = secret;
        this.readiness = readiness;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (readiness.isWarming() && isWarmup((HttpServletRequest) request)) {
            long n = requests.getAndIncrement();
            request.setAttribute(QuotaModule.ANONYMOUS_CALLER,
                    "warmup:" + secret.substring(0, 8) + ":" + n / REQUESTS_PER_KEY);
        }
        chain.doFilter(request, response);
    }

    private boolean isWarmup(HttpServletRequest request) {
        String given = request.getHeader(HEADER);
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }
}
