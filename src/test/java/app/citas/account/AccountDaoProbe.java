package app.citas.account;

import org.hibernate.SessionFactory;

/** Test access to the package-private {@link AccountDao}. */
public final class AccountDaoProbe {
    private final AccountDao dao;

    public AccountDaoProbe(SessionFactory sessionFactory) {
        this.dao = new AccountDao(sessionFactory);
    }

    /** The account feature's published interface for other features, as AccountModule builds it. */
    public static Customers customers(SessionFactory sessionFactory) {
        return new AccountCustomers(sessionFactory);
    }

    /** The lookup every authenticated request makes. */
    public boolean tokenByHash(byte[] hash) {
        return dao.tokenByHash(hash).isPresent();
    }
}
