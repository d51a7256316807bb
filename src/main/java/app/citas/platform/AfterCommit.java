package app.citas.platform;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import org.hibernate.SessionFactory;

/** Runs an action once the current request's transaction has committed (never on rollback). */
@FunctionalInterface
public interface AfterCommit {
    void run(Runnable action);

    /** Hooks into the transaction of the session bound to the current request (the unit of work). */
    static AfterCommit of(SessionFactory sessionFactory) {
        return action -> sessionFactory.getCurrentSession().getTransaction().registerSynchronization(
                new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            action.run();
                        }
                    }
                });
    }
}
