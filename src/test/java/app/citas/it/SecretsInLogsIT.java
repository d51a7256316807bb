package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No password, token or hash of either reaches any log: the console (what journald gets), Tomcat's own logs and
 * the access logs, after a session that signs in, fails to sign in, gets locked out, uses bad tokens, fetches and
 * revokes a calendar feed (whose secret is in its URL), signs out, and has the operator create a staff account.
 */
@ExtendWith(StackExtension.class)
class SecretsInLogsIT {

    @Test
    void noPasswordTokenOrHashInAnyLogLine(TestStack stack) throws Exception {
        String username = Fixtures.unique("secretive");
        String password = "Sup3r-Secret-Passw0rd-" + username;
        Api api = stack.api();
        assertEquals(201, api.post("/auth/register", Map.of("username", username, "email", username + "@example.com",
                "password", password, "fullName", "Keeps Secrets")).status());
        String token = api.token(username, password);
        assertEquals(200, api.as(token).get("/me").status());
        String wrongPassword = "Wr0ng-Guess-" + username;
        for (int i = 0; i < 12; i++) {
            api.post("/auth/token", Map.of("username", username, "password", wrongPassword));
        }
        api.post("/auth/register", Map.of("username", username + "x", "email", "not-an-email",
                "password", "Sh0rt-pw", "fullName", "X"));
        api.header("Authorization", "Bearer " + token.substring(0, 42) + "A").get("/me");
        String staffPassword = "Staff-Secret-" + username;
        assertEquals(0, TestStack.Operator.createUser(stack, true, username + "-staff", username + "@staff.example",
                staffPassword).exitCode());
        // A calendar feed: its URL (the secret is the credential) fetched, refetched with If-None-Match, revoked,
        // fetched again (404), and a made-up one; the secret must reach no log, the access log included.
        String feedUrl = api.as(token).get("/me/calendar-feed").json().get("url").asText();
        String feedPath = feedUrl.substring(feedUrl.indexOf("/api/v1") + "/api/v1".length());
        String feedSecret = feedPath.substring("/calendar-feeds/".length(), feedPath.length() - ".ics".length());
        Reply feed = api.get(feedPath);
        assertEquals(200, feed.status(), feed.body());
        assertEquals(304, api.header("If-None-Match", feed.header("ETag")).get(feedPath).status());
        assertEquals(200, api.get(feedPath + "?secret=" + feedSecret).status(), "a query string is not logged either");
        assertEquals(204, api.as(token).delete("/me/calendar-feed").status());
        assertEquals(404, api.get(feedPath).status());
        String madeUp = "M4de-Up-Feed-Secret-" + "x".repeat(23);
        assertEquals(404, api.get("/calendar-feeds/" + madeUp + ".ics").status());
        assertEquals(204, api.as(token).delete("/auth/token").status());

        List<String> secrets = new ArrayList<>(List.of(password, wrongPassword, "Sh0rt-pw", staffPassword, token,
                feedSecret, madeUp));
        byte[] feedHash = MessageDigest.getInstance("SHA-256").digest(feedSecret.getBytes(StandardCharsets.US_ASCII));
        secrets.add(HexFormat.of().formatHex(feedHash).substring(0, 16));
        secrets.add(HexFormat.of().formatHex(feedHash));
        secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(feedHash));
        byte[] tokenHash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        secrets.add(HexFormat.of().formatHex(tokenHash));
        secrets.add(Base64.getEncoder().encodeToString(tokenHash));
        secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(tokenHash));
        secrets.add(passwordHash(stack, username));
        secrets.add(passwordHash(stack, username + "-staff"));

        // The access log is buffered: Tomcat writes it out every few seconds (its background processor).
        String logs = stack.tomcat().log();
        String maskedFeed = "/calendar-feeds/{" + HexFormat.of().formatHex(feedHash).substring(0, 8) + "}.ics";
        for (int waited = 0; !(logs.contains("/auth/token") && logs.contains(maskedFeed)) && waited < 30; waited++) {
            Thread.sleep(1000);
            logs = stack.tomcat().log();
        }
        assertTrue(logs.contains("/auth/token"), "the access log was read too");
        assertTrue(logs.contains("\"GET /citas/api/v1" + maskedFeed + " HTTP/1.1\" 200 "),
                "the feed's requests are in the feeds' access log, masked");
        assertTrue(logs.contains("\"GET /citas/api/v1" + maskedFeed + " HTTP/1.1\" 404 "), "after revocation");
        for (String secret : secrets) {
            assertFalse(logs.contains(secret), "a log line holds a secret: " + lineWith(logs, secret));
        }
    }

    private static String passwordHash(TestStack stack, String username) throws Exception {
        try (Connection db = stack.jdbc();
             PreparedStatement query = db.prepareStatement("select password_hash from users where username = ?")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), username);
                return row.getString(1);
            }
        }
    }

    private static String lineWith(String logs, String secret) {
        return logs.lines().filter(line -> line.contains(secret)).findFirst().orElse("")
                .replace(secret, "<" + secret.length() + " secret characters>");
    }
}
