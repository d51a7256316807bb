package app.citas.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper.Builder;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one ObjectMapper: strict on input (unknown fields, wrong types, unknown enums fail), ISO dates on output. */
@Provider
public final class JsonMapper implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper;

    public JsonMapper() {
        this.mapper = create();
    }

    public static ObjectMapper create() {
        Builder builder = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new BlackbirdModule())
                .addModule(new SimpleModule("citas-strict-values").addDeserializer(Instant.class, new StrictInstant())
                        .addDeserializer(String.class, new NoNulString()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper mapper = builder.build();
        // "name": 12 or "durationMinutes": "30" are type errors, not values to guess at.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // Money may come as "25.00" (preferred, exact) or 25.00.
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        return mapper;
    }

    /**
     * Instants only as ISO-8601 text with an offset, as {@link QueryParams#instant} reads them. The JavaTimeModule
     * deserializer also takes {@code 1774746000} or {@code "1774746000"} as epoch seconds, and no coercion or
     * leniency setting turns that off: a client sending epoch milliseconds would book in the year 58,000.
     */
    static final class StrictInstant extends StdScalarDeserializer<Instant> {
        StrictInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctx.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().trim();
            try {
                Instant instant = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
                if (!QueryParams.inRange(instant)) {
                    return (Instant) ctx.handleWeirdStringValue(Instant.class, text, QueryParams.YEAR_RANGE);
                }
                return instant;
            } catch (DateTimeParseException e) {
                return (Instant) ctx.handleWeirdStringValue(Instant.class, text,
                        "expected an ISO-8601 instant with offset, e.g. 2026-12-01T09:00:00Z");
            }
        }
    }

    /** PostgreSQL text cannot hold U+0000: a NUL in any string is a bad value, not a database failure. */
    static final class NoNulString extends StdScalarDeserializer<String> {
        NoNulString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, ctx);
            if (text != null && text.indexOf('\u0000') >= 0) {
                return (String) ctx.handleWeirdStringValue(String.class, text, "must not contain NUL characters");
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
