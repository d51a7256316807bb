package app.citas.account;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.hibernate.ReadOnlyMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * {@link Customers} read from the users table in the current session, read-only: booking only turns a user into a
 * summary, so Hibernate keeps no snapshot of the row nor checks it at flush.
 */
final class AccountCustomers implements Customers {
    private final SessionFactory sessionFactory;

    AccountCustomers(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    private Session session() {
        return sessionFactory.getCurrentSession();
    }

    @Override
    public Optional<CustomerSummary> customer(long id) {
        return Optional.ofNullable(session().find(User.class, id, ReadOnlyMode.READ_ONLY))
                .map(AccountCustomers::summary);
    }

    @Override
    public Optional<CustomerSummary> lockCustomer(long id) {
        return Optional.ofNullable(session().find(User.class, id, LockModeType.PESSIMISTIC_WRITE,
                        ReadOnlyMode.READ_ONLY))
                .map(AccountCustomers::summary);
    }

    private static CustomerSummary summary(User user) {
        return new CustomerSummary(user.getId(), user.getUsername(), user.getFullName());
    }
}
