package app.citas.platform;

import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.context.internal.ManagedSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hibernate session and transaction bound to the current thread, as Dropwizard's unit of work. Beginning it
 * takes no connection: Hibernate takes one from the pool at the first statement, so work that sends no SQL makes no
 * database transaction. Reads (GET, HEAD) run read-only and never flush.
 */
public final class UnitOfWork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);
    private final SessionFactory sessionFactory;
    private Session session;

    private UnitOfWork(SessionFactory sessionFactory, Session session) {
        this.sessionFactory = sessionFactory;
        this.session = session;
    }

    public static UnitOfWork begin(SessionFactory sessionFactory, String httpMethod) {
        Session session = sessionFactory.openSession();
        if (httpMethod.equals("GET") || httpMethod.equals("HEAD")) {
            session.setDefaultReadOnly(true);
            session.setHibernateFlushMode(FlushMode.MANUAL);
        }
        ManagedSessionContext.bind(session);
        session.beginTransaction();
        return new UnitOfWork(sessionFactory, session);
    }

    /** True when a unit of work is bound to this thread (begun by the servlet filter in front of Jersey). */
    static boolean active(SessionFactory sessionFactory) {
        return ManagedSessionContext.hasBind(sessionFactory);
    }

    /** Commits the bound unit of work, if one is active: before the response is written. */
    static void commitCurrent(SessionFactory sessionFactory) {
        if (active(sessionFactory)) {
            Session current = sessionFactory.getCurrentSession();
            if (current.getTransaction().isActive()) {
                current.getTransaction().commit();
            }
        }
    }

    /** Rolls the bound unit of work back; never throws: the request already failed. */
    static void rollbackCurrent(SessionFactory sessionFactory) {
        if (active(sessionFactory)) {
            rollback(sessionFactory.getCurrentSession());
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

    /** Rolls back whatever was not committed, closes the session and unbinds it; never throws. */
    @Override
    public void close() {
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
