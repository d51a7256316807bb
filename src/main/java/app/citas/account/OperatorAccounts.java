package app.citas.account;

import app.citas.platform.ApiException;
import app.citas.platform.Message;
import app.citas.platform.ProblemDraft.Field;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.context.internal.ManagedSessionContext;

/**
 * Accounts made by the operator, outside Tomcat (scripts/create-user.sh): the only way to create staff, never
 * exposed over HTTP. It needs nothing of the servlet API, which the operator tools do not have.
 */
public final class OperatorAccounts {
    private final SessionFactory sessionFactory;
    private final AccountService service;

    public OperatorAccounts(SessionFactory sessionFactory, AccountSettings settings, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.service = new AccountService(new AccountDao(sessionFactory), new PasswordHasher(), new Tokens(),
                settings.tokenTtl(), clock, SignInGuard.disabled(), TokenCache.disabled(), Runnable::run,
                RevocationNotice.NONE);
    }

    /** Creates an account of either role in a transaction of its own; its id. Invalid fields or a taken name throw. */
    public long create(String username, String email, String fullName, String password, Role role) {
        AccountViews.Registration registration = new AccountViews.Registration(username, email, password, fullName);
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            List<Field> errors = factory.getValidator().validate(registration).stream()
                    .map(v -> new Field(v.getPropertyPath().toString(), Message.verbatim(v.getMessage())))
                    .sorted(Comparator.comparing(Field::field)).toList();
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }
        return sessionFactory.fromTransaction(session -> {
            ManagedSessionContext.bind(session);
            try {
                return service.register(registration, role).id();
            } finally {
                ManagedSessionContext.unbind(sessionFactory);
            }
        });
    }
}
