package app.citas.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import app.citas.platform.AfterCommit;
import app.citas.platform.ApiException;
import app.citas.platform.ConstraintTranslations;
import app.citas.platform.Managed;
import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the account feature: its entities, JAX-RS components and services. */
public final class AccountModule {

    private final AccountService service;
    private final Customers customers;
    private final TokenRevocations revocations;

    public AccountModule(SessionFactory sessionFactory, AccountSettings settings, Clock clock, SignInGuard signInGuard,
                         Redis redis, RedisSettings redisSettings) {
        TokenCache tokenCache = new TokenCache(settings.tokenCacheTtl(), clock, Ticker.systemTicker());
        this.revocations = new TokenRevocations(redisSettings, redis, tokenCache);
        this.service = new AccountService(new AccountDao(sessionFactory), new PasswordHasher(), new Tokens(),
                settings.tokenTtl(), clock, signInGuard, tokenCache, AfterCommit.of(sessionFactory), revocations);
        this.customers = new AccountCustomers(sessionFactory);
    }

    /**
     * The subscriber to token revocations from the other nodes, which keeps this node's near cache of tokens honest;
     * for the lifecycle to start once everything is built. Until it is subscribed, tokens are looked up in the database.
     */
    public Managed revocations() {
        return revocations;
    }

    /** The one place a caller is resolved: a servlet filter in front of the quota filter and Jersey. */
    public Filter authenticationFilter(ObjectMapper json) {
        return new AuthenticationFilter(service, json);
    }

    /** For Jersey: the 401 for invalid tokens, role checks, and the /auth and /me endpoints. */
    public List<Object> components() {
        return List.of(new InvalidTokenFilter(), new RoleCheckFeature(), new AuthEndpoint(service),
                new MeEndpoint(service));
    }

    /** What the account feature publishes to other features (booking) about its users. */
    public Customers customers() {
        return customers;
    }

    /** The account feature's unique constraints, worded for the client when a race gets past the service's check. */
    public static void translateConstraints(ConstraintTranslations constraints) {
        constraints.register("users_username_lower_key", ApiException.conflict(AccountMessages.of("username.taken")))
                .register("users_email_lower_key", ApiException.conflict(AccountMessages.of("email.taken")));
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
