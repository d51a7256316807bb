package app.citas.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id at OWASP's recommended minimum: 19 MiB of memory, 2 iterations, parallelism 1. */
final class PasswordHasher {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_LENGTH = 32;

    private final Argon2Function argon2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
            HASH_LENGTH, Argon2.ID);
    /** Verified against when the user does not exist, so both failures take the same time. */
    private final String decoyHash = hash("decoy-password-never-matches");

    String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(argon2).getResult();
    }

    /** Same parameters with a salt the caller chooses: only for reproducible demo data, never for real accounts. */
    String hash(String password, byte[] salt) {
        return Password.hash(password).addSalt(salt).with(argon2).getResult();
    }

    boolean matches(String password, String storedHash) {
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Spends the time of a real check, so an unknown username answers as slowly as a wrong password; false. */
    boolean burnDecoy(String password) {
        matches(password, decoyHash);
        return false;
    }
}
