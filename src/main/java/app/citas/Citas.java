package app.citas;

import app.citas.account.AccountModule;
import app.citas.account.SignInGuard;
import app.citas.booking.BookingModule;
import app.citas.cache.CacheManager;
import app.citas.catalog.CatalogModule;
import app.citas.platform.CitasConfig;
import app.citas.platform.ConstraintTranslations;
import app.citas.platform.Database;
import app.citas.platform.Deployment;
import app.citas.platform.HealthEndpoint;
import app.citas.platform.HttpCaching;
import app.citas.platform.JerseyApplication;
import app.citas.platform.Jmx;
import app.citas.platform.JsonMapper;
import app.citas.platform.Redis;
import app.citas.quota.QuotaModule;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;

/** The composition root: builds the whole object graph once, with constructor injection, and tears it down. */
public final class Citas implements AutoCloseable {
    private final Database database;
    private final Redis redis;
    private final Jmx jmx;
    private final ResourceConfig application;
    private final AccountModule accounts;
    private final QuotaModule quotas;
    private final JsonMapper json;
    private final BookingModule booking;

    private Citas(Database database, Redis redis, Jmx jmx, ResourceConfig application, AccountModule accounts,
                  QuotaModule quotas, JsonMapper json, BookingModule booking) {
        this.quotas = quotas;
        this.booking = booking;
        this.json = json;
        this.database = database;
        this.redis = redis;
        this.jmx = jmx;
        this.application = application;
        this.accounts = accounts;
    }

    public static List<Class<?>> entities() {
        return Stream.of(AccountModule.ENTITIES, CatalogModule.ENTITIES, BookingModule.ENTITIES)
                .flatMap(List::stream).toList();
    }

    public static Citas start(CitasConfig config, Clock clock) {
        return start(config, clock, Deployment.UNVERSIONED);
    }

    public static Citas start(CitasConfig config, Clock clock, Deployment deployment) {
        Database database = Database.open(config, entities(), deployment.poolName());
        Redis redis = Redis.connect(config);
        Jmx jmx = new Jmx(deployment);
        jmx.registerDatabaseStats(database);
        JsonMapper json = new JsonMapper();
        CacheManager caches = config.cache().enabled() ? new CacheManager(config.cache(), redis, jmx) : null;
        SignInGuard signInGuard = new SignInGuard(config.quota(), redis, config.cache().prefix());
        AccountModule accounts = new AccountModule(database.sessionFactory(), config, clock, signInGuard);
        QuotaModule quotas = config.quota().enabled() ? new QuotaModule(config.quota(), redis, config.cache().prefix(),
                accounts, json.mapper(), jmx, TimeMeter.SYSTEM_MILLISECONDS) : null;
        CatalogModule catalog = new CatalogModule(database.sessionFactory(), json.mapper(), caches,
                new HttpCaching(config.httpMaxAgeSeconds()));
        BookingModule booking = new BookingModule(database.sessionFactory(), json.mapper(), clock,
                config.maxUpcomingAppointmentsPerCustomer(), config.idempotencyKeyTtl(), catalog.offerings(),
                accounts.customers());
        List<Object> components = new ArrayList<>();
        components.add(new HealthEndpoint(database.dataSource(), redis));
        components.addAll(accounts.components());
        components.addAll(catalog.components());
        components.addAll(booking.components());
        ConstraintTranslations constraints = new ConstraintTranslations();
        AccountModule.translateConstraints(constraints);
        CatalogModule.translateConstraints(constraints);
        BookingModule.translateConstraints(constraints);
        ResourceConfig application = JerseyApplication.create(json, database.sessionFactory(), constraints, components);
        return new Citas(database, redis, jmx, application, accounts, quotas, json, booking);
    }

    public ResourceConfig application() {
        return application;
    }

    public Database database() {
        return database;
    }

    public AccountModule accounts() {
        return accounts;
    }

    /** The quota filter to put in front of the API, or empty when quotas are switched off. */
    public java.util.Optional<jakarta.servlet.Filter> quotaFilter() {
        return java.util.Optional.ofNullable(quotas).map(QuotaModule::filter);
    }

    /** The one JSON mapper, for the servlet filters that answer before Jersey does. */
    public com.fasterxml.jackson.databind.ObjectMapper json() {
        return json.mapper();
    }

    public boolean redisAnswers() {
        return redis.ping();
    }

    @Override
    public void close() {
        booking.close();
        jmx.close();
        redis.close();
        database.close();
    }
}
