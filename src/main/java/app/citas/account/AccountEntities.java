package app.citas.account;

import java.util.List;

/**
 * The account feature's Hibernate entities (users and API tokens). Apart from AccountModule so that code outside Tomcat (the
 * operator commands, which have no servlet API) can open the database without loading the module.
 */
public final class AccountEntities {
    public static final List<Class<?>> ALL = List.of(User.class, ApiToken.class);

    private AccountEntities() {
    }
}
