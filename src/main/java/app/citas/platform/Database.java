package app.citas.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ThreadPoolExecutor;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * Builds the connection pool and the Hibernate session factory; owns neither's lifecycle beyond close(). Opening it
 * never changes the schema: migrations are a step of their own ({@link Migrations}).
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final SqlStatementCounter statementCounter;
    private final TransactionCounter transactions;
    private final LongAdder sessions;

    private Database(HikariDataSource dataSource, SessionFactory sessionFactory, SqlStatementCounter counter,
                     TransactionCounter transactions, LongAdder sessions) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
        this.statementCounter = counter;
        this.transactions = transactions;
        this.sessions = sessions;
    }

    public static Database open(DatabaseSettings settings, List<Class<?>> entities) {
        return open(settings, entities, Deployment.UNVERSIONED.poolName());
    }

    /** The pool name is also its MBean name ({@code com.zaxxer.hikari:type=Pool (<name>)}), unique per deployment. */
    public static Database open(DatabaseSettings settings, List<Class<?>> entities, String poolName) {
        HikariDataSource dataSource = new HikariDataSource(hikariConfig(settings, poolName));
        try {
            SqlStatementCounter counter = new SqlStatementCounter();
            TransactionCounter transactions = new TransactionCounter(dataSource);
            LongAdder sessions = new LongAdder();
            return new Database(dataSource, sessionFactory(transactions, entities, counter, sessions), counter,
                    transactions, sessions);
        } catch (RuntimeException e) {
            closePool(dataSource);
            throw e;
        }
    }

    /** How often HikariCP checks an idle connection. */
    static final Duration KEEPALIVE = Duration.ofSeconds(30);
    /** How soon pgjdbc asks again a host it found to be a standby (several hosts, targetServerType=primary). */
    static final Duration HOST_RECHECK = Duration.ofSeconds(2);
    /** What a statement may take beyond PostgreSQL's statement_timeout before the driver gives up on the socket. */
    static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);

    /** The driver's socket timeout: the statement timeout, rounded up to whole seconds, plus a margin. */
    static Duration socketTimeout(DatabaseSettings settings) {
        long statementSeconds = (settings.statementTimeout().toMillis() + 999) / 1000;
        return Duration.ofSeconds(statementSeconds).plus(SOCKET_MARGIN);
    }

    static HikariConfig hikariConfig(DatabaseSettings settings, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        PoolThreads threads = new PoolThreads(poolName);
        hikari.setThreadFactory(threads);
        hikari.setScheduledExecutor(housekeeper(threads));
        hikari.setDriverClassName(org.postgresql.Driver.class.getName());
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.user());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(Math.min(2, settings.poolSize()));
        hikari.setConnectionTimeout(settings.connectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis() / 2));
        // Fail at start-up with the driver's message if the database cannot be reached at all.
        hikari.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        hikari.setAutoCommit(false);
        hikari.setRegisterMbeans(true);
        // Idle connections are checked every 30 s (HikariCP's shortest keepalive), and any connection idle over
        // 500 ms is validated before it is lent: after a primary dies, no dead connection stays in the pool long.
        hikari.setKeepaliveTime(KEEPALIVE.toMillis());
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + settings.statementTimeout().toMillis());
        hikari.addDataSourceProperty("connectTimeout", Math.max(1, settings.connectionTimeout().toSeconds()));
        // Defaults of the driver's properties; the same parameter in CITAS_DB_URL wins. A server that vanishes
        // without closing its connections (a crashed host, a cut network) is noticed within the statement timeout
        // plus a margin, not after TCP's retransmissions (minutes); no statement may legitimately run longer.
        hikari.addDataSourceProperty("socketTimeout", socketTimeout(settings).toSeconds());
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        // With several hosts and targetServerType=primary, a host seen as a standby is asked again after 2 s
        // (pgjdbc's default: 10 s), so a promoted standby is found soon after its promotion.
        hikari.addDataSourceProperty("hostRecheckSeconds", HOST_RECHECK.toSeconds());
        hikari.addDataSourceProperty("ApplicationName", "citas");
        hikari.addDataSourceProperty("reWriteBatchedInserts", true);
        return hikari;
    }

    private static SessionFactory sessionFactory(DataSource dataSource, List<Class<?>> entities,
                                                 SqlStatementCounter counter, LongAdder sessions) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                // The request's session is opened at its first use (UnitOfWork): a cached read opens none.
                .applySetting(AvailableSettings.CURRENT_SESSION_CONTEXT_CLASS, LazySessionContext.class.getName())
                .applySetting(LazySessionContext.SESSION_COUNTER, sessions)
                // Hikari hands out connections with autocommit off, so Hibernate may delay acquiring one
                // until the first statement: requests that never touch the database never wait for the pool.
                .applySetting(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                .applySetting(AvailableSettings.FAIL_ON_PAGINATION_OVER_COLLECTION_FETCH, true)
                .applySetting(AvailableSettings.STATEMENT_INSPECTOR, counter)
                .applySetting(AvailableSettings.ORDER_UPDATES, true)
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                // "in (:ids)" with 1..100 ids: pad to powers of two so PostgreSQL sees a handful of statements.
                .applySetting(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            entities.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public SqlStatementCounter statementCounter() {
        return statementCounter;
    }

    /** Database transactions Hibernate has begun since start (connections it took from the pool). */
    public long transactionCount() {
        return transactions.count();
    }

    /** Hibernate sessions the requests' units of work have opened since start (none for a cached read). */
    public long sessionCount() {
        return sessions.sum();
    }

    @Override
    public void close() {
        sessionFactory.close();
        closePool(dataSource);
    }

    private static ScheduledThreadPoolExecutor housekeeper(PoolThreads threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads,
                new ThreadPoolExecutor.DiscardPolicy());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Closes the pool and waits until its threads have ended, so an undeploy leaves none behind. */
    private static void closePool(HikariDataSource dataSource) {
        ScheduledExecutorService housekeeper = dataSource.getScheduledExecutor();
        dataSource.close();
        housekeeper.shutdownNow();
        ((PoolThreads) dataSource.getThreadFactory()).awaitExit(Duration.ofSeconds(10));
    }
}
