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
 * One Hibernate session and transaction per matched request, as Dropwizard's unit of work: opened once the
 * request is matched (so authentication filters share it), committed before the response is written,
 * rolled back on any exception. The connection is taken from the pool only at the first statement.
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
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return new UnitOfWork(sessionFactory);
    }

    private static final class UnitOfWork implements RequestEventListener {
        private final SessionFactory sessionFactory;
        private Session session;

        UnitOfWork(SessionFactory sessionFactory) {
            this.sessionFactory = sessionFactory;
        }

        @Override
        public void onEvent(RequestEvent event) {
            switch (event.getType()) {
                case REQUEST_MATCHED -> begin(event.getContainerRequest().getMethod());
                case RESP_FILTERS_START -> commit();
                case ON_EXCEPTION -> rollback();
                case FINISHED -> close();
                default -> {
                }
            }
        }

        private void begin(String method) {
            session = sessionFactory.openSession();
            boolean readOnly = method.equals("GET") || method.equals("HEAD");
            if (readOnly) {
                session.setDefaultReadOnly(true);
                session.setHibernateFlushMode(FlushMode.MANUAL);
            }
            ManagedSessionContext.bind(session);
            session.beginTransaction();
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
