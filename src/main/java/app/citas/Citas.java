package app.citas;

import app.citas.account.AccountModule;
import app.citas.account.SignInGuard;
import app.citas.booking.BookingModule;
import app.citas.cache.CacheManager;
import app.citas.catalog.CatalogModule;
import app.citas.platform.ConstraintTranslations;
import app.citas.platform.Database;
import app.citas.platform.Deployment;
import app.citas.platform.BodyLimitFilter;
import app.citas.platform.ReadableContentTypeFilter;
import app.citas.platform.HealthEndpoint;
import app.citas.warmup.WarmupModule;
import app.citas.platform.HttpCaching;
import app.citas.platform.JerseyApplication;
import app.citas.platform.Jmx;
import app.citas.platform.JsonMapper;
import app.citas.platform.Lifecycle;
import app.citas.platform.Migrations;
import app.citas.platform.Redis;
import app.citas.platform.UnitOfWorkFilter;
import app.citas.quota.QuotaModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The composition root: builds the whole object graph once, with constructor injection, starting its parts in order
 * and closing them in reverse, also when the start fails half way.
 */
public final class Citas implements AutoCloseable {
    private final Lifecycle lifecycle;
    private final Database database;
    private final Redis redis;
    private final ResourceConfig application;
    private final List<ApiFilter> filters;
    private final AccountModule accounts;
    private final JsonMapper json;
    private final WarmupModule warmup;

    /** A servlet filter in front of Jersey, with its registration name. */
    public record ApiFilter(String name, Filter filter) {
    }

    private Citas(Lifecycle lifecycle, Database database, Redis redis, ResourceConfig application,
                  List<ApiFilter> filters, AccountModule accounts, JsonMapper json, WarmupModule warmup) {
        this.lifecycle = lifecycle;
        this.database = database;
        this.redis = redis;
        this.application = application;
        this.filters = filters;
        this.accounts = accounts;
        this.json = json;
        this.warmup = warmup;
    }

    public static Citas start(CitasSettings settings, Clock clock) {
        return start(settings, clock, Deployment.UNVERSIONED);
    }

    public static Citas start(CitasSettings settings, Clock clock, Deployment deployment) {
        Lifecycle lifecycle = new Lifecycle();
        try {
            return start(settings, clock, deployment, lifecycle);
        } catch (RuntimeException | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    private static Citas start(CitasSettings settings, Clock clock, Deployment deployment, Lifecycle lifecycle) {
        Database database = lifecycle.manage("database",
                Database.open(settings.database(), Entities.all(), deployment.poolName()));
        if (settings.database().migrateOnStart()) {
            Migrations.apply(database.dataSource());
        }
        Redis redis = lifecycle.manage("redis", Redis.connect(settings.redis()));
        String keyPrefix = settings.redis().keyPrefix();
        Jmx jmx = lifecycle.manage("jmx", new Jmx(deployment));
        jmx.registerDatabaseStats(database);
        JsonMapper json = new JsonMapper();
        CacheManager caches = settings.cache().enabled() ? new CacheManager(settings.cache(), redis, keyPrefix, jmx)
                : null;
        SignInGuard signInGuard = new SignInGuard(settings.account(), redis, keyPrefix);
        AccountModule accounts = new AccountModule(database.sessionFactory(), settings.account(), clock, signInGuard,
                redis, settings.redis());
        CatalogModule catalog = new CatalogModule(database.sessionFactory(), json.mapper(), caches,
                new HttpCaching(settings.http().maxAgeSeconds()));
        BookingModule booking = new BookingModule(database.sessionFactory(), json.mapper(), clock, settings.booking(),
                catalog.offerings(), accounts.customers());
        List<ApiFilter> filters = new ArrayList<>();
        // First: a feed's secret must be masked for the access log even when a later filter answers (503, 429).
        filters.add(new ApiFilter("citas-calendar-feeds", booking.calendarFeedRequests()));
        WarmupModule warmup = new WarmupModule(settings.warmup());
        filters.add(new ApiFilter("citas-warmup-requests", warmup.requests()));
        filters.add(new ApiFilter("citas-unit-of-work", new UnitOfWorkFilter(database.sessionFactory())));
        filters.add(new ApiFilter("citas-authentication", accounts.authenticationFilter(json.mapper())));
        if (settings.quota().enabled()) {
            // Before the body limit, so an oversized request still spends its caller's quota.
            filters.add(new ApiFilter("citas-quota", new QuotaModule(settings.quota(), redis, keyPrefix,
                    json.mapper(), jmx, TimeMeter.SYSTEM_MILLISECONDS).filter()));
        }
        filters.add(new ApiFilter("citas-body-limit",
                new BodyLimitFilter(settings.http().maxBodyBytes(), settings.http().drainBytes(), json.mapper())));
        filters.add(new ApiFilter("citas-readable-content-type", new ReadableContentTypeFilter(json.mapper())));
        if (settings.http().catalogReadsBeforeJersey()) {
            filters.add(new ApiFilter("citas-catalog-reads", catalog.reads()));
        }
        List<Object> components = new ArrayList<>();
        components.add(new HealthEndpoint(database.dataSource(), redis, warmup.readiness()));
        components.addAll(accounts.components());
        components.addAll(catalog.components());
        components.addAll(booking.components());
        ConstraintTranslations constraints = new ConstraintTranslations();
        AccountModule.translateConstraints(constraints);
        CatalogModule.translateConstraints(constraints);
        BookingModule.translateConstraints(constraints);
        ResourceConfig application = JerseyApplication.create(json, database.sessionFactory(), constraints, components);
        lifecycle.start("idempotency-key purge", booking.purge());
        lifecycle.start("token revocations", accounts.revocations());
        return new Citas(lifecycle, database, redis, application, List.copyOf(filters), accounts, json, warmup);
    }

    public ResourceConfig application() {
        return application;
    }

    /**
     * The servlet filters to put in front of Jersey on the API path, in this order: the marking of calendar feed
     * requests and of the warm-up's own, the request's unit of work, authentication, quotas (when on), the body limit,
     * a readable Content-Type.
     */
    public List<ApiFilter> filters() {
        return filters;
    }

    /** The warm-up after a start, which makes Jersey's servlet. */
    public WarmupModule warmup() {
        return warmup;
    }

    public Database database() {
        return database;
    }

    public AccountModule accounts() {
        return accounts;
    }

    /** The one JSON mapper, for the servlet filters and the error page that answer outside Jersey. */
    public ObjectMapper json() {
        return json.mapper();
    }

    public boolean redisAnswers() {
        return redis.ping();
    }

    /** Stops every part in the reverse order of its start. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
