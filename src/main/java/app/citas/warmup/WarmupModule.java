package app.citas.warmup;

import app.citas.platform.Readiness;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The warm-up after a start: Jersey's servlet that runs it, the filter that recognises its requests, and the node's
 * {@link Readiness}, which {@code /health} reports. The secret its requests carry is made anew at each start and never
 * leaves the process but over loopback.
 */
public final class WarmupModule {
    private final WarmupSettings settings;
    private final Readiness readiness = new Readiness();
    private final String secret;
    private final WarmupRequests requests;

    public WarmupModule(WarmupSettings settings) {
        this.settings = settings;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random);
        this.requests = new WarmupRequests(secret, readiness);
    }

    public Readiness readiness() {
        return readiness;
    }

    /** The filter to put in front of the quota filter. */
    public Filter requests() {
        return requests;
    }

    /** Jersey's servlet for the application, warmed in its {@code init}; map it under {@code apiRoot}. */
    public ServletContainer servlet(ResourceConfig application, ObjectMapper json, Clock clock, String apiRoot) {
        return new WarmingServletContainer(application, settings, json, clock, apiRoot, readiness, secret,
                LoopbackConnector.fromProperties(System::getProperty));
    }
}
