package app.citas.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A finished JSON representation and its strong ETag, computed once: what the catalog cache stores and serves. */
public record JsonBody(byte[] bytes, String etag) {

    public static JsonBody of(ObjectMapper mapper, Object value) {
        try {
            return of(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static JsonBody of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new JsonBody(bytes, Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonBody body && etag.equals(body.etag) && Arrays.equals(bytes, body.bytes);
    }

    @Override
    public int hashCode() {
        return etag.hashCode();
    }

    @Override
    public String toString() {
        return "JsonBody[" + bytes.length + " bytes, etag=" + etag + "]";
    }
}
