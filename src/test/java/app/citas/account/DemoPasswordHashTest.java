package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The demo data's password hash: the application's Argon2id, verifiable at sign-in, the same on every call. */
class DemoPasswordHashTest {
    @Test
    void isAStableArgon2idHashThatSignInAccepts() {
        String hash = AccountModule.demoPasswordHash("demo-user-password");
        assertEquals(hash, AccountModule.demoPasswordHash("demo-user-password"));
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        PasswordHasher hasher = new PasswordHasher();
        assertTrue(hasher.matches("demo-user-password", hash));
        assertFalse(hasher.matches("demo-staff-password", hash));
        assertNotEquals(hash, AccountModule.demoPasswordHash("demo-staff-password"));
    }
}
