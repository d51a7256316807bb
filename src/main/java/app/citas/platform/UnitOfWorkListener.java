package app.citas.platform;

import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.hibernate.SessionFactory;

/**
 * Jersey's side of the request's {@link UnitOfWork}: commits it before the response is written (so a failed commit
 * still becomes an error answer, and no 201 is sent for a booking that was not stored), rolls it back on any
 * exception. The unit of work is the one {@link UnitOfWorkFilter} began in front of authentication and quotas; where
 * Jersey runs without it (in-process tests), the request gets its own.
 */
final class UnitOfWorkListener implements ApplicationEventListener {
    private final SessionFactory sessionFactory;

    UnitOfWorkListener(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        UnitOfWork own = UnitOfWork.active(sessionFactory) ? null
                : UnitOfWork.begin(sessionFactory, start.getContainerRequest().getMethod());
        return event -> {
            switch (event.getType()) {
                case RESP_FILTERS_START -> UnitOfWork.commitCurrent(sessionFactory);
                case ON_EXCEPTION -> UnitOfWork.rollbackCurrent(sessionFactory);
                case FINISHED -> {
                    if (own != null) {
                        own.close();
                    }
                }
                default -> {
                }
            }
        };
    }
}
