package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each Argon2id hash costs tens of milliseconds: one hasher and one hash for the whole class. */
class PasswordHasherTest {
    /** $argon2id$v=19$m=19456,t=2,p=1$<16-byte salt>$<32-byte hash>, base64 without padding. */
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    private static final String PASSWORD = "correct-horse-battery-1";

    private static PasswordHasher hasher;
    private static String hash;

    @BeforeAll
    static void hashOnce() {
        hasher = new PasswordHasher();
        hash = hasher.hash(PASSWORD);
    }

    @Test
    void hashIsAnArgon2idPhcStringWithOwaspParameters() {
        assertTrue(PHC.matcher(hash).matches(), hash);
        assertFalse(hash.contains(PASSWORD));
    }

    @Test
    void theRightPasswordMatches() {
        assertTrue(hasher.matches(PASSWORD, hash));
    }

    @Test
    void aWrongPasswordDoesNot() {
        assertFalse(hasher.matches("correct-horse-battery-2", hash));
    }

    @Test
    void saltIsRandom() {
        assertNotEquals(hash, hasher.hash(PASSWORD));
    }

    @Test
    void burningTheDecoyNeverFails() {
        assertDoesNotThrow(() -> hasher.burnDecoy(PASSWORD));
    }
}
