package app.citas.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet, warmed before it serves: loaded on start-up, its {@code init} runs the {@link Warmup} against its
 * own application, and Tomcat completes the deployment (and so lets {@code /health} answer) only after every
 * load-on-startup servlet's {@code init} has returned.
 */
public final class WarmingServletContainer extends ServletContainer {
    private final transient WarmupSettings settings;
    private final transient ObjectMapper json;
    private final transient Clock clock;
    private final String apiRoot;
    private transient Warmup.Result result;

    /** @param apiRoot the path the servlet is mapped under, such as {@code /api/v1} */
    public WarmingServletContainer(ResourceConfig application, WarmupSettings settings, ObjectMapper json, Clock clock,
                                   String apiRoot) {
        super(application);
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.apiRoot = apiRoot;
    }

    @Override
    public void init() throws ServletException {
        super.init();
        if (settings.enabled()) {
            URI base = URI.create("http://localhost" + getServletContext().getContextPath() + apiRoot + "/");
            Warmup warmup = new Warmup(new JerseyTarget(getApplicationHandler(), base), json, System::nanoTime,
                    LocalDate.now(clock).plusDays(1));
            result = warmup.run(settings.budget());
        }
    }

    /** What the warm-up did, or null when it is off or has not run. */
    public Warmup.Result result() {
        return result;
    }
}
