package app.citas.platform;

import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.context.internal.ManagedSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hibernate session and transaction per request, as Dropwizard's unit of work: opened as Jersey starts the
 * request, before the pre-matching filters, so authentication, quotas and the endpoint share it; committed before the
 * response is written, rolled back on any exception. The connection is taken from the pool only at the first
 * statement, so a request that sends no SQL (a cached anonymous read) holds no connection and makes no transaction.
 */
final class UnitOfWorkListener implements ApplicationEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWorkListener.class);
    private final SessionFactory sessionFactory;

    UnitOfWorkListener(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        return new UnitOfWork(sessionFactory, start.getContainerRequest().getMethod());
    }

    private static final class UnitOfWork implements RequestEventListener {
        private final SessionFactory sessionFactory;
        private Session session;

        UnitOfWork(SessionFactory sessionFactory, String method) {
            this.sessionFactory = sessionFactory;
            session = sessionFactory.openSession();
            if (method.equals("GET") || method.equals("HEAD")) {
                session.setDefaultReadOnly(true);
                session.setHibernateFlushMode(FlushMode.MANUAL);
            }
            ManagedSessionContext.bind(session);
            session.beginTransaction();
        }

        @Override
        public void onEvent(RequestEvent event) {
            switch (event.getType()) {
                case RESP_FILTERS_START -> commit();
                case ON_EXCEPTION -> rollback();
                case FINISHED -> close();
                default -> {
                }
            }
        }

        private void commit() {
            if (session != null && session.getTransaction().isActive()) {
                session.getTransaction().commit();
            }
        }

        /** Never throws: the request already failed, and a dead connection must not turn that into a 500. */
        private void rollback() {
            try {
                if (session != null && session.getTransaction().isActive()) {
                    session.getTransaction().rollback();
                }
            } catch (RuntimeException e) {
                LOG.debug("Rollback failed (connection lost?): {}", e.toString());
            }
        }

        private void close() {
            if (session == null) {
                return;
            }
            try {
                rollback();
                session.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the session failed: {}", e.toString());
            } finally {
                ManagedSessionContext.unbind(sessionFactory);
                session = null;
            }
        }
    }
}
