package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class AccountsIT {

    private static Map<String, Object> registration(String username) {
        return Map.of("username", username, "email", username + "@example.com",
                "password", "a-long-password", "fullName", "Name of " + username);
    }

    @Test
    void registersSignsInAndOut(TestStack stack) {
        Api api = stack.api();
        String username = Fixtures.unique("maria");
        Reply registered = api.post("/auth/register", registration(username));
        assertEquals(201, registered.status(), registered.body());
        assertEquals(username, registered.json().get("username").asText());
        assertEquals("USER", registered.json().get("role").asText());
        assertFalse(registered.body().contains("password"), "no password or hash in the response");

        Reply token = api.post("/auth/token", Map.of("username", username, "password", "a-long-password"));
        assertEquals(200, token.status(), token.body());
        assertEquals("Bearer", token.json().get("tokenType").asText());
        assertEquals(43, token.json().get("token").asText().length());
        Instant expires = Instant.parse(token.json().get("expiresAt").asText());
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofDays(29))), "30-day default expiry");

        Api signedIn = api.as(token.json().get("token").asText());
        Reply me = signedIn.get("/me");
        assertEquals(200, me.status());
        assertEquals(username, me.json().get("username").asText());

        assertEquals(204, signedIn.delete("/auth/token").status());
        Reply afterSignOut = signedIn.get("/me");
        assertEquals(401, afterSignOut.status());
        assertNotNull(afterSignOut.header("WWW-Authenticate"));
    }

    @Test
    void duplicatesConflictCaseInsensitively(TestStack stack) {
        String username = Fixtures.unique("Pedro");
        assertEquals(201, stack.api().post("/auth/register", registration(username)).status());
        Reply sameName = stack.api().post("/auth/register", Map.of("username", username.toLowerCase(),
                "email", "other-" + username + "@example.com", "password", "a-long-password", "fullName", "X"));
        assertEquals(409, sameName.status());
        assertEquals("application/problem+json", sameName.contentType());
        Reply sameEmail = stack.api().post("/auth/register", Map.of("username", username + "x",
                "email", (username + "@example.com").toUpperCase(), "password", "a-long-password", "fullName", "X"));
        assertEquals(409, sameEmail.status());
    }

    @Test
    void badRegistrationsAre400WithFieldErrors(TestStack stack) {
        Reply reply = stack.api().post("/auth/register", Map.of("username", "a b", "email", "not-an-email",
                "password", "short", "fullName", "X"));
        assertEquals(400, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        var fields = reply.json().get("errors").findValuesAsText("field");
        assertTrue(fields.containsAll(java.util.List.of("username", "email", "password")), fields.toString());

        assertEquals(400, stack.api().post("/auth/register", "{not json").status());
        Reply unknown = stack.api().post("/auth/register", Map.of("username", Fixtures.unique("u"),
                "email", "u@example.com", "password", "a-long-password", "fullName", "X", "role", "STAFF"));
        assertEquals(400, unknown.status());
        assertEquals("role", unknown.json().get("errors").get(0).get("field").asText());
        Reply wrongType = stack.api().post("/auth/register", "{\"username\": 12, \"email\": \"a@b.es\", "
                + "\"password\": \"a-long-password\", \"fullName\": \"X\"}");
        assertEquals(400, wrongType.status());
        assertFalse(wrongType.body().contains("com.fasterxml"), "no class names: " + wrongType.body());
    }

    @Test
    void badCredentialsLookTheSameWhetherOrNotTheUserExists(TestStack stack) {
        String username = Fixtures.unique("lucia");
        stack.api().post("/auth/register", registration(username));
        Reply wrongPassword = stack.api().post("/auth/token", Map.of("username", username, "password", "wrong-password"));
        Reply noSuchUser = stack.api().post("/auth/token", Map.of("username", username + "zz", "password", "wrong-password"));
        assertEquals(401, wrongPassword.status());
        assertEquals(401, noSuchUser.status());
        assertEquals(wrongPassword.body(), noSuchUser.body());
    }

    @Test
    void invalidTokensAre401NeverAnonymous(TestStack stack) {
        for (String header : new String[] {"Bearer nonsense", "Bearer " + "A".repeat(43), "Basic dXNlcjpwYXNz"}) {
            Reply reply = stack.api().header("Authorization", header).get("/services");
            assertEquals(401, reply.status(), header);
            assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"));
        }
        Reply anonymous = stack.api().get("/me");
        assertEquals(401, anonymous.status());
    }

    @Test
    void staffIsMadeOnlyByTheOperatorCommand(TestStack stack) {
        String token = stack.staffToken(Fixtures.unique("ana"));
        Reply me = stack.api().as(token).get("/me");
        assertEquals("STAFF", me.json().get("role").asText());

        String name = Fixtures.unique("dup");
        assertEquals(0, TestStack.Operator.createUser(stack, false, name, name + "@example.com", "a-long-password")
                .exitCode());
        TestStack.Operator.Result again = TestStack.Operator.createUser(stack, true, name, name + "@x.example",
                "a-long-password");
        assertEquals(1, again.exitCode(), again.output());
        assertTrue(again.output().contains("taken"), again.output());
        TestStack.Operator.Result weak = TestStack.Operator.createUser(stack, true, Fixtures.unique("w"), "w@example.com", "short");
        assertEquals(1, weak.exitCode(), weak.output());
    }
}
