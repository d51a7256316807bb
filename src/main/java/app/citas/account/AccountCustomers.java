package app.citas.account;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/** {@link Customers} read from the users table in the current session. */
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
        return Optional.ofNullable(session().find(User.class, id)).map(AccountCustomers::summary);
    }

    @Override
    public Optional<CustomerSummary> lockCustomer(long id) {
        return Optional.ofNullable(session().find(User.class, id, LockModeType.PESSIMISTIC_WRITE))
                .map(AccountCustomers::summary);
    }

    @Override
    public Map<Long, CustomerSummary> summaries(Collection<Long> ids) {
        Map<Long, CustomerSummary> summaries = new HashMap<>();
        if (!ids.isEmpty()) {
            // Native with one array: HQL's "in :ids" threw and caught a CoercionException per call and was translated
            // to SQL again each time (docs/profiling.md).
            session().createNativeQuery("select id, username, full_name from users where id = any(:ids)",
                            Object[].class)
                    .addScalar("id", Long.class).addScalar("username", String.class)
                    .addScalar("full_name", String.class)
                    .setParameter("ids", ids.toArray(Long[]::new)).getResultList()
                    .forEach(row -> summaries.put((Long) row[0],
                            new CustomerSummary((Long) row[0], (String) row[1], (String) row[2])));
        }
        return summaries;
    }

    private static CustomerSummary summary(User user) {
        return new CustomerSummary(user.getId(), user.getUsername(), user.getFullName());
    }
}
