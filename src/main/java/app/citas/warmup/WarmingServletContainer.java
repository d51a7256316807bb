package app.citas.warmup;

import app.citas.platform.Readiness;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jersey's servlet, warmed before it serves: loaded on start-up, its {@code init} runs the {@link Warmup} against its
 * own application, and Tomcat completes the deployment (and so lets {@code /health} answer) only after every
 * load-on-startup servlet's {@code init} has returned. Then, at a start of Tomcat whose HTTP port is known, it
 * starts the {@link HttpWarmup} through Tomcat's connector, {@code /health} answering WARMING until that ends.
 */
public final class WarmingServletContainer extends ServletContainer {
    private static final Logger LOG = LoggerFactory.getLogger(WarmingServletContainer.class);
    private final transient WarmupSettings settings;
    private final transient ObjectMapper json;
    private final transient Clock clock;
    private final String apiRoot;
    private final transient Readiness readiness;
    private final transient String secret;
    private final transient Optional<LoopbackConnector> connector;
    private transient Warmup.Result result;
    private transient HttpWarmup overHttp;

    /** @param apiRoot the path the servlet is mapped under, such as {@code /api/v1} */
    WarmingServletContainer(ResourceConfig application, WarmupSettings settings, ObjectMapper json, Clock clock,
                            String apiRoot, Readiness readiness, String secret,
                            Optional<LoopbackConnector> connector) {
        super(application);
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.apiRoot = apiRoot;
        this.readiness = readiness;
        this.secret = secret;
        this.connector = connector;
    }

    @Override
    public void init() throws ServletException {
        super.init();
        if (!settings.enabled()) {
            return;
        }
        URI base = URI.create("http://localhost" + getServletContext().getContextPath() + apiRoot + "/");
        result = warmup(new JerseyTarget(getApplicationHandler(), base)).run(settings.budget());
        LOG.info("warm-up: {} requests in {} s", result.requests(),
                String.format("%.1f", result.took().toMillis() / 1000.0));
        if (settings.overHttp() && TomcatConnectors.anyStarted()) {
            LOG.info("warm-up over HTTP skipped: deployed into a running Tomcat, which sends it requests at once");
        } else if (settings.overHttp() && connector.isPresent()) {
            URI loopback = connector.get().apiRoot(getServletContext().getContextPath() + apiRoot);
            overHttp = new HttpWarmup(loopback, secret, settings.httpBudget(), HttpWarmup.threadsFor(
                    Runtime.getRuntime().availableProcessors()), readiness, this::warmup, JitActivity.ofThisJvm());
            overHttp.start();
        } else if (settings.overHttp()) {
            LOG.info("warm-up over HTTP skipped: this node's HTTP port is not known (system property {})",
                    LoopbackConnector.PORT_PROPERTY);
        }
    }

    private Warmup warmup(Warmup.Target target) {
        return new Warmup(target, json, System::nanoTime, LocalDate.now(clock).plusDays(1));
    }

    @Override
    public void destroy() {
        if (overHttp != null) {
            try {
                overHttp.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.destroy();
    }

    /** What the in-process warm-up did, or null when it is off or has not run. */
    public Warmup.Result result() {
        return result;
    }
}
