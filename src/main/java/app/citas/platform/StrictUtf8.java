package app.citas.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies must be well-formed UTF-8 (RFC 8259). Jackson's decoder reads overlong forms, so {@code C0 AF}
 * would arrive as "/" past every check on the text; the JDK's decoder refuses them, and encoded surrogates too.
 */
final class StrictUtf8 implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        byte[] body = context.getInputStream().readAllBytes();
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(Problems.text("body.not-utf8"));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
