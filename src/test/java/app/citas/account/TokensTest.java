package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokensTest {
    private static final Pattern URL_SAFE_43 = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final Tokens tokens = new Tokens();

    @Test
    void tokensAre43UrlSafeCharactersOf32RandomBytes() {
        for (int i = 0; i < 200; i++) {
            String token = tokens.newToken();
            assertEquals(Tokens.TOKEN_LENGTH, token.length());
            assertTrue(URL_SAFE_43.matcher(token).matches(), token);
            assertEquals(32, Base64.getUrlDecoder().decode(token).length);
            assertTrue(Tokens.looksLikeToken(token), token);
        }
    }

    @Test
    void tokensAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(tokens.newToken()));
        }
    }

    @Test
    void hashIsSha256Of32Bytes() {
        String token = tokens.newToken();
        assertEquals(32, Tokens.hash(token).length);
        assertArrayEquals(Tokens.hash(token), Tokens.hash(token));
        // FIPS 180-2 test vector.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Tokens.hash("abc")));
    }

    @Test
    void differentTokensHaveDifferentHashes() {
        String a = "A".repeat(43);
        String b = "A".repeat(42) + "B";
        assertFalse(java.util.Arrays.equals(Tokens.hash(a), Tokens.hash(b)));
    }

    @Test
    void looksLikeTokenAcceptsEveryAlphabetCharacter() {
        assertTrue(Tokens.looksLikeToken("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"));
        assertTrue(Tokens.looksLikeToken("rstuvwxyz0123456789-_-_-_-_-_-_-_-_-_-_-_-_"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",      // 42
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",    // 44
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",     // padding
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",     // standard base64, not URL-safe
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
            "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAñ",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"})
    void looksLikeTokenRejects(String value) {
        assertFalse(Tokens.looksLikeToken(value));
    }
}
