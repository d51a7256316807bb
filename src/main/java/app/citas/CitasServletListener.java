package app.citas;

import app.citas.platform.Deployment;
import app.citas.platform.ErrorServlet;
import app.citas.platform.JerseyApplication;
import app.citas.platform.LimitServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Citas when Tomcat deploys the WAR and stops it on undeploy. Declared in WEB-INF/web.xml. */
public final class CitasServletListener implements ServletContextListener {
    private static final Logger LOG = LoggerFactory.getLogger(CitasServletListener.class);
    private Citas citas;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        long started = System.nanoTime();
        ServletContext context = event.getServletContext();
        try {
            CitasSettings settings = CitasSettings.fromEnvironment();
            Deployment deployment = Deployment.fromDocBase(context.getRealPath(""));
            citas = Citas.start(settings, Clock.systemUTC(), deployment);
            ErrorServlet.useMapper(context, citas.json());
            // After web.xml's filters (isMatchAfter): its security headers are set before any of these filters
            // answers by itself (a 429, a 413, a catalog read).
            for (Citas.ApiFilter filter : citas.filters()) {
                context.addFilter(filter.name(), filter.filter())
                        .addMappingForUrlPatterns(null, true, JerseyApplication.API_ROOT + "/*");
            }
            // Loaded on start-up and warmed in its init: the deployment completes, and /health answers, after that.
            ServletRegistration.Dynamic jersey = context.addServlet("citas-api", citas.warmup().servlet(
                    citas.application(), citas.json(), Clock.systemUTC(), JerseyApplication.API_ROOT));
            jersey.addMapping(JerseyApplication.API_ROOT + "/*");
            jersey.setLoadOnStartup(1);
            if (settings.http().benchEndpoint()) {
                context.addServlet("bench-limit", new LimitServlet()).addMapping(LimitServlet.PATH);
                LOG.info("Benchmark limit endpoint enabled at {}{}", context.getContextPath(), LimitServlet.PATH);
            }
            LOG.info("Citas started ({}) in {} ms at {}{}: {}; redis {}; {}", deployment,
                    (System.nanoTime() - started) / 1_000_000, context.getContextPath(), JerseyApplication.API_ROOT, settings,
                    citas.redisAnswers() ? "UP" : "DOWN (running degraded)", runtime());
        } catch (RuntimeException e) {
            LOG.error("Citas failed to start: {}", e.getMessage());
            // Tomcat does not call contextDestroyed for a context that failed to start: stop what did start.
            stop();
            throw e;
        }
    }

    /** The JDK and the request executor chosen by bin/setenv.sh (system properties it sets for server.xml). */
    private static String runtime() {
        String executor = System.getProperty("citas.executor", "unknown");
        String threads = "virtual".equals(executor) ? "" : " maxThreads " + System.getProperty("citas.maxThreads", "?");
        return "JDK " + Runtime.version() + ", executor " + executor + threads;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stop();
    }

    private void stop() {
        if (citas != null) {
            citas.close();
            citas = null;
            LOG.info("Citas stopped");
        }
        deregisterJdbcDrivers();
    }

    /** The PostgreSQL driver registered itself from this WAR; leaving it registered would pin the class loader. */
    private static void deregisterJdbcDrivers() {
        ClassLoader ours = CitasServletListener.class.getClassLoader();
        for (java.sql.Driver driver : java.util.Collections.list(java.sql.DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    java.sql.DriverManager.deregisterDriver(driver);
                } catch (java.sql.SQLException e) {
                    LOG.warn("Could not deregister JDBC driver {}", driver.getClass().getName());
                }
            }
        }
    }
}
