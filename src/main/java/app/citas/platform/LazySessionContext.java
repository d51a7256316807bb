package app.citas.platform;

import java.util.concurrent.atomic.LongAdder;
import org.hibernate.Session;
import org.hibernate.context.internal.ManagedSessionContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Hibernate's current session: the one bound to the thread ({@link ManagedSessionContext}, so code that binds a session
 * itself keeps working), or else the thread's {@link UnitOfWork}'s, opened at this first call. A request that never
 * asks for its session (a cached read) opens none and begins no transaction.
 */
public final class LazySessionContext extends ManagedSessionContext {
    /** The setting that hands the factory's {@link LongAdder} of opened sessions to this context. */
    static final String SESSION_COUNTER = "citas.unit_of_work.session_counter";
    private final LongAdder opened;

    public LazySessionContext(SessionFactoryImplementor factory) {
        super(factory);
        this.opened = factory.getProperties().get(SESSION_COUNTER) instanceof LongAdder counter
                ? counter : new LongAdder();
    }

    @Override
    public Session currentSession() {
        if (!hasBind(factory())) {
            UnitOfWork.openPending(factory(), opened);
        }
        return super.currentSession();
    }
}
