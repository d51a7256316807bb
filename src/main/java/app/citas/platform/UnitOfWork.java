package app.citas.platform;

import java.util.concurrent.atomic.LongAdder;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.context.internal.ManagedSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hibernate session and transaction for the current thread's request, as Dropwizard's unit of work, but opened
 * only when the request first asks for its current session ({@link LazySessionContext}): work that never touches the
 * database (a cached read) opens no session and begins no transaction. Once opened, the session takes a connection
 * only at the first statement. Reads (GET, HEAD) run read-only and never flush.
 */
public final class UnitOfWork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);
    private static final ThreadLocal<UnitOfWork> CURRENT = new ThreadLocal<>();
    private final SessionFactory sessionFactory;
    private final boolean read;
    /** The unit of work this one was begun inside (of another session factory), restored when this one closes. */
    private final UnitOfWork outer;
    private Session session;
    private boolean closed;

    private UnitOfWork(SessionFactory sessionFactory, boolean read, UnitOfWork outer) {
        this.sessionFactory = sessionFactory;
        this.read = read;
        this.outer = outer;
    }

    /** Begins the thread's unit of work for the factory; nothing is opened until its session is first asked for. */
    public static UnitOfWork begin(SessionFactory sessionFactory, String httpMethod) {
        UnitOfWork work = new UnitOfWork(sessionFactory, httpMethod.equals("GET") || httpMethod.equals("HEAD"),
                CURRENT.get());
        CURRENT.set(work);
        return work;
    }

    /** True when a unit of work for the factory is begun on this thread, opened or not. */
    static boolean active(SessionFactory sessionFactory) {
        return find(sessionFactory) != null;
    }

    private static UnitOfWork find(SessionFactory sessionFactory) {
        UnitOfWork work = CURRENT.get();
        while (work != null && work.sessionFactory != sessionFactory) {
            work = work.outer;
        }
        return work;
    }

    /** Opens and binds the session of the thread's unit of work for the factory, if there is one not yet opened. */
    static void openPending(SessionFactory sessionFactory, LongAdder opened) {
        UnitOfWork work = find(sessionFactory);
        if (work != null && work.session == null && !work.closed) {
            work.open();
            opened.increment();
        }
    }

    private void open() {
        Session opened = sessionFactory.openSession();
        if (read) {
            opened.setDefaultReadOnly(true);
            opened.setHibernateFlushMode(FlushMode.MANUAL);
        }
        ManagedSessionContext.bind(opened);
        session = opened;
        opened.beginTransaction();
    }

    /** Commits the thread's unit of work, if it opened a session: before the response is written. */
    static void commitCurrent(SessionFactory sessionFactory) {
        UnitOfWork work = find(sessionFactory);
        if (work != null && work.session != null && work.session.getTransaction().isActive()) {
            work.session.getTransaction().commit();
        }
    }

    /** Rolls the thread's unit of work back, if it opened a session; never throws: the request already failed. */
    static void rollbackCurrent(SessionFactory sessionFactory) {
        UnitOfWork work = find(sessionFactory);
        if (work != null && work.session != null) {
            rollback(work.session);
        }
    }

    private static void rollback(Session session) {
        try {
            if (session.getTransaction().isActive()) {
                session.getTransaction().rollback();
            }
        } catch (RuntimeException e) {
            LOG.debug("Rollback failed (connection lost?): {}", e.toString());
        }
    }

    /** Rolls back whatever was not committed, closes the session if one was opened and unbinds it; never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (CURRENT.get() == this) {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
        if (session == null) {
            return;
        }
        try {
            rollback(session);
            session.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the session failed: {}", e.toString());
        } finally {
            ManagedSessionContext.unbind(sessionFactory);
            session = null;
        }
    }
}
