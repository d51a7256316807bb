package app.citas.account;

import app.citas.account.AccountViews.Credentials;
import app.citas.account.AccountViews.Registration;
import app.citas.account.AccountViews.TokenView;
import app.citas.account.AccountViews.UserView;
import app.citas.platform.AfterCommit;
import app.citas.platform.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Registration, sign-in with tokens, sign-out, and resolving a bearer token to a caller. */
final class AccountService {
    private static final String BEARER = "Bearer ";
    private final AccountDao dao;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final Duration tokenTtl;
    private final Clock clock;
    private final SignInGuard signInGuard;
    private final TokenCache tokenCache;
    private final AfterCommit afterCommit;
    private final RevocationNotice revocations;

    AccountService(AccountDao dao, PasswordHasher hasher, Tokens tokens, Duration tokenTtl, Clock clock,
                   SignInGuard signInGuard, TokenCache tokenCache, AfterCommit afterCommit,
                   RevocationNotice revocations) {
        this.signInGuard = signInGuard;
        this.tokenCache = tokenCache;
        this.afterCommit = afterCommit;
        this.revocations = revocations;
        this.dao = dao;
        this.hasher = hasher;
        this.tokens = tokens;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    UserView register(Registration registration, Role role) {
        if (dao.usernameTaken(registration.username())) {
            throw ApiException.conflict(AccountMessages.of("username.taken"));
        }
        if (dao.emailTaken(registration.email())) {
            throw ApiException.conflict(AccountMessages.of("email.taken"));
        }
        User user = new User(registration.username(), registration.email().trim(), registration.fullName().trim(),
                hasher.hash(registration.password()), role);
        return UserView.of(dao.insert(user));
    }

    /** A new token for valid credentials; the same 401 whether the user is unknown or the password wrong. */
    TokenView signIn(Credentials credentials, String clientIp) {
        signInGuard.checkAllowed(credentials.username(), clientIp);
        Optional<User> user = dao.userByUsername(credentials.username());
        boolean matches = user.isPresent()
                ? hasher.matches(credentials.password(), user.get().getPasswordHash())
                : hasher.burnDecoy(credentials.password());
        if (!matches) {
            signInGuard.recordFailure(credentials.username(), clientIp);
            throw ApiException.unauthorized(AccountMessages.of("sign-in.wrong"));
        }
        String token = tokens.newToken();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(tokenTtl);
        dao.insert(new ApiToken(user.get(), Tokens.hash(token), now, expiresAt));
        return new TokenView(token, "Bearer", expiresAt);
    }

    /**
     * Revokes the caller's token: forgotten by this node's near cache at once, and once the revocation has committed
     * by every node sharing the Redis (again here, so no lookup that raced the revocation can keep it).
     */
    void signOut(Caller caller) {
        byte[] hash = caller.requireUser().tokenHash();
        tokenCache.forget(hash);
        dao.tokenByHash(hash).ifPresent(token -> token.revoke(clock.instant()));
        afterCommit.run(() -> revocations.revoked(hash));
    }

    UserView me(Caller caller) {
        return dao.userById(caller.requireUser().userId()).map(UserView::of)
                .orElseThrow(() -> ApiException.invalidToken());
    }

    /** Resolves an Authorization header: no header is anonymous, anything but a live bearer token is invalid. */
    Authentication authenticateHeader(String header) {
        if (header == null) {
            return Authentication.ANONYMOUS;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Authentication.INVALID;
        }
        return authenticate(header.substring(BEARER.length()).trim())
                .map(caller -> new Authentication(caller, false))
                .orElse(Authentication.INVALID);
    }

    /**
     * The caller for a raw bearer token, or empty when it is unknown, revoked or expired: from this node's near cache
     * of live tokens when it has it (no SQL), otherwise from the database, remembered for the next request. Tokens
     * that are no (longer) live are never remembered.
     */
    Optional<Caller> authenticate(String token) {
        if (!Tokens.looksLikeToken(token)) {
            return Optional.empty();
        }
        byte[] hash = Tokens.hash(token);
        // The token is never compared as such: the cache entry and the row are found by the token's SHA-256, so how
        // long the lookup takes can at most tell how much of a guess's hash matched, which says nothing about any
        // real token.
        Optional<Caller> cached = tokenCache.find(hash);
        if (cached.isPresent()) {
            return cached;
        }
        long seen = tokenCache.generation();
        return dao.tokenByHash(hash)
                .filter(t -> t.isUsableAt(clock.instant()))
                .map(t -> {
                    Caller caller = new Caller(t.getUser().getId(), t.getUser().getUsername(), t.getUser().getRole(),
                            hash);
                    tokenCache.remember(hash, caller, t.getExpiresAt(), seen);
                    return caller;
                });
    }
}
