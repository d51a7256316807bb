package app.citas.account;

/** What happens once a token's revocation has committed: every node sharing the Redis forgets it. */
@FunctionalInterface
interface RevocationNotice {
    void revoked(byte[] tokenHash);

    /** Nobody to tell (operator commands, which authenticate no requests). */
    RevocationNotice NONE = tokenHash -> {
    };
}
