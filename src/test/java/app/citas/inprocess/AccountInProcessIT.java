package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts through the in-process API: registration, sign-in, sign-out, and the guard on failed sign-ins. */
class AccountInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_SIGNIN_FAILURES_PER_USERNAME", "3"));

    private static Map<String, Object> registration(String username) {
        return Map.of("username", username, "email", username + "@example.com",
                "password", "a-long-password", "fullName", "Name of " + username);
    }

    @Test
    void registersSignsInAndSignOutRevokesTheToken() {
        Api api = CITAS.api();
        String username = CitasExtension.unique("maria");
        Reply registered = api.post("/auth/register", registration(username));
        assertEquals(201, registered.status(), registered.body());
        assertTrue(registered.header("Location").endsWith("/me"), registered.headers().toString());
        assertEquals(username, registered.json().get("username").asText());
        assertEquals("USER", registered.json().get("role").asText());
        assertFalse(registered.body().contains("password"), "no password or hash in the response");
        assertEquals(1, CITAS.number("select count(*) from users where username = ?", username));
        assertTrue(CITAS.number("select count(*) from users where username = ? and password_hash like '$argon2id$%'",
                username) == 1, "the password is stored as an Argon2id hash");

        Reply token = api.post("/auth/token", Map.of("username", username, "password", "a-long-password"));
        assertEquals(200, token.status(), token.body());
        assertEquals("no-store", token.header("Cache-Control"));
        assertEquals("Bearer", token.json().get("tokenType").asText());
        assertEquals(43, token.json().get("token").asText().length());
        assertTrue(Instant.parse(token.json().get("expiresAt").asText()).isAfter(Instant.now().plus(Duration.ofDays(29))));

        Api signedIn = api.as(token.json().get("token").asText());
        Reply me = signedIn.get("/me");
        assertEquals(200, me.status(), me.body());
        assertEquals(username, me.json().get("username").asText());

        assertEquals(204, signedIn.delete("/auth/token").status());
        Reply afterSignOut = signedIn.get("/me");
        assertEquals(401, afterSignOut.status());
        assertNotNull(afterSignOut.header("WWW-Authenticate"));
        assertEquals(1, CITAS.number("select count(*) from api_tokens t join users u on u.id = t.user_id "
                + "where u.username = ? and t.revoked_at is not null", username), "the token row is revoked, not deleted");
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        String username = CitasExtension.unique("lucia");
        assertEquals(201, CITAS.api().post("/auth/register", registration(username)).status());
        Reply wrongPassword = CITAS.api().post("/auth/token", Map.of("username", username, "password", "wrong-password"));
        Reply noSuchUser = CITAS.api().post("/auth/token", Map.of("username", username + "zz", "password", "wrong-password"));
        assertEquals(401, wrongPassword.status(), wrongPassword.body());
        assertEquals(401, noSuchUser.status());
        assertEquals("application/problem+json", wrongPassword.contentType());
        assertEquals(wrongPassword.body(), noSuchUser.body());
        assertEquals(0, CITAS.number("select count(*) from api_tokens t join users u on u.id = t.user_id "
                + "where u.username = ?", username), "no token was issued");
    }

    @Test
    void duplicatesAreConflictsAndLeaveOneRow() {
        String username = CitasExtension.unique("Pedro");
        assertEquals(201, CITAS.api().post("/auth/register", registration(username)).status());
        Reply sameName = CITAS.api().post("/auth/register", Map.of("username", username.toLowerCase(),
                "email", "other-" + username + "@example.com", "password", "a-long-password", "fullName", "X"));
        assertEquals(409, sameName.status(), sameName.body());
        assertEquals("application/problem+json", sameName.contentType());
        assertEquals(1, CITAS.number("select count(*) from users where lower(username) = lower(?)", username));
    }

    @Test
    void failedSignInsPerUsernameAreLimitedEvenForTheRightPassword() {
        String username = CitasExtension.unique("guessed");
        assertEquals(201, CITAS.api().post("/auth/register", registration(username)).status());
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(401, CITAS.api().post("/auth/token", Map.of("username", username, "password", "guess-" + attempt))
                    .status(), "attempt " + attempt);
        }
        Reply limited = CITAS.api().post("/auth/token", Map.of("username", username, "password", "a-long-password"));
        assertEquals(429, limited.status(), limited.body());
        assertEquals("application/problem+json", limited.contentType());
        assertTrue(Long.parseLong(limited.header("Retry-After")) > 0, limited.headers().toString());
        Reply otherUser = CITAS.api().post("/auth/token", Map.of("username", username + "-other", "password", "x-long-password"));
        assertEquals(401, otherUser.status(), "another username is not limited");
    }

    @Test
    void invalidTokensAre401NeverAnonymous() {
        for (String header : new String[] {"Bearer nonsense", "Bearer " + "A".repeat(43), "Basic dXNlcjpwYXNz"}) {
            Reply reply = CITAS.api().header("Authorization", header).get("/services");
            assertEquals(401, reply.status(), header + " " + reply.body());
            assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"));
        }
    }
}
