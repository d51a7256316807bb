package app.citas.account;

import app.citas.platform.ApiException;
import app.citas.platform.CitasConfig;
import app.citas.platform.ConstraintTranslations;
import app.citas.platform.Problem.FieldError;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.context.internal.ManagedSessionContext;

/** Builds the account feature: its entities, JAX-RS components and services. */
public final class AccountModule {
    public static final List<Class<?>> ENTITIES = List.of(User.class, ApiToken.class);

    private final AccountService service;
    private final SessionFactory sessionFactory;

    public AccountModule(SessionFactory sessionFactory, CitasConfig config, Clock clock, SignInGuard signInGuard) {
        this.sessionFactory = sessionFactory;
        this.service = new AccountService(new AccountDao(sessionFactory), new PasswordHasher(), new Tokens(),
                config.tokenTtl(), clock, signInGuard);
    }

    /**
     * Resolves an Authorization header in a short transaction of its own, for code in front of Jersey's unit of
     * work (the quota filter), which stores the result for Jersey so the token is looked up once per request.
     */
    public Authentication authenticate(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Authentication.ANONYMOUS;
        }
        return sessionFactory.fromTransaction(session -> {
            ManagedSessionContext.bind(session);
            try {
                return service.authenticateHeader(authorizationHeader);
            } finally {
                ManagedSessionContext.unbind(sessionFactory);
            }
        });
    }

    /** The authentication filter and the /auth and /me endpoints. */
    public List<Object> components() {
        return List.of(new AuthenticationFilter(service), new RoleCheckFeature(), new AuthEndpoint(service),
                new MeEndpoint(service));
    }

    /** What the account feature publishes to other features (booking) about its users. */
    public Customers customers() {
        return new AccountCustomers(sessionFactory);
    }

    /** The account feature's unique constraints, worded for the client when a race gets past the service's check. */
    public static void translateConstraints(ConstraintTranslations constraints) {
        constraints.register("users_username_lower_key", ApiException.conflict("That username is taken."))
                .register("users_email_lower_key", ApiException.conflict("That email is already registered."));
    }

    /** Creates an account of either role: used by the operator command, never exposed over HTTP for staff. */
    public long createUser(String username, String email, String fullName, String password, Role role) {
        AccountViews.Registration registration = new AccountViews.Registration(username, email, password, fullName);
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            List<FieldError> errors = factory.getValidator().validate(registration).stream()
                    .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(FieldError::field)).toList();
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }
        return service.register(registration, role).id();
    }

    /**
     * An Argon2id hash of a demo password with the application's parameters and a salt derived from the password,
     * so seeded demo data is byte-for-byte the same on every run. Never for real accounts: equal passwords get equal
     * hashes.
     */
    public static String demoPasswordHash(String password) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("citas-demo-salt:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new PasswordHasher().hash(password, java.util.Arrays.copyOf(digest, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
