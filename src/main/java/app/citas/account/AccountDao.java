package app.citas.account;

import java.util.Optional;
import org.hibernate.SessionFactory;

/** Users and tokens. Every method runs in the caller's current session (the request's unit of work). */
final class AccountDao {
    private final SessionFactory sessionFactory;

    AccountDao(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    Optional<User> userByUsername(String username) {
        return sessionFactory.getCurrentSession()
                .createSelectionQuery("from User u where lower(u.username) = lower(:username)", User.class)
                .setParameter("username", username)
                .uniqueResultOptional();
    }

    Optional<User> userById(long id) {
        return Optional.ofNullable(sessionFactory.getCurrentSession().find(User.class, id));
    }

    boolean usernameTaken(String username) {
        return userByUsername(username).isPresent();
    }

    boolean emailTaken(String email) {
        return sessionFactory.getCurrentSession()
                .createSelectionQuery("select count(u) from User u where lower(u.email) = lower(:email)", Long.class)
                .setParameter("email", email)
                .getSingleResult() > 0;
    }

    User insert(User user) {
        sessionFactory.getCurrentSession().persist(user);
        sessionFactory.getCurrentSession().flush();
        return user;
    }

    void insert(ApiToken token) {
        sessionFactory.getCurrentSession().persist(token);
        sessionFactory.getCurrentSession().flush();
    }

    /** The token with its user, in one statement. */
    Optional<ApiToken> tokenByHash(byte[] hash) {
        return sessionFactory.getCurrentSession()
                .createSelectionQuery("from ApiToken t join fetch t.user where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", hash)
                .uniqueResultOptional();
    }
}
