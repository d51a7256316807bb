package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.citas.catalog.WorkingPeriod;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMapperTest {
    private static final ObjectMapper JSON = JsonMapper.create();

    public enum Color { RED, GREEN }

    public record Body(String name, Integer count, Color color, Instant at, Boolean flag) {
    }

    public record Primitive(int count) {
    }

    private static Body read(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), Body.class);
    }

    private static <E extends Throwable> E fails(Class<E> type, String json) {
        return assertThrows(type, () -> read(json));
    }

    @Test
    void wellTypedInputIsRead() throws Exception {
        assertEquals(new Body("Haircut", 30, Color.GREEN, Instant.parse("2026-03-29T01:00:00Z"), true),
                read("{'name':'Haircut','count':30,'color':'GREEN','at':'2026-03-29T01:00:00Z','flag':true}"));
        assertEquals(new Body(null, null, null, null, null), read("{}"));
    }

    @Test
    void instantWithAnOffsetIsReadAsTheSameInstant() throws Exception {
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), read("{'at':'2026-03-29T03:00:00+02:00'}").at());
        assertEquals(Instant.parse("2026-03-29T01:00:00.123Z"), read("{'at':' 2026-03-28T20:00:00.123-05:00 '}").at());
    }

    @Test
    void unknownFieldFails() {
        UnrecognizedPropertyException e = fails(UnrecognizedPropertyException.class, "{'name':'x','nmae':'y'}");
        assertEquals("nmae", e.getPropertyName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'name':12}", "{'name':1.5}", "{'name':true}", "{'name':{}}", "{'name':[]}"})
    void nonStringForAStringFieldFails(String json) {
        fails(MismatchedInputException.class, json);
    }

    @Test
    void nulInAStringFails() {
        // PostgreSQL text cannot hold U+0000: a category name with a NUL in it was a 500 at insert.
        InvalidFormatException e = fails(InvalidFormatException.class, "{'name':'a\\u0000b'}");
        assertEquals("name", e.getPath().get(0).getFieldName());
    }

    @Test
    void otherControlCharactersInAStringAreKept() throws Exception {
        assertEquals("a\u0001\tb", read("{'name':'a\\u0001\\tb'}").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'count':'30'}", "{'count':30.0}", "{'count':30.5}", "{'count':true}"})
    void nonIntegerForAnIntegerFieldFails(String json) {
        fails(MismatchedInputException.class, json);
    }

    @Test
    void stringForAPrimitiveIntFails() {
        assertThrows(MismatchedInputException.class, () -> JSON.readValue("{\"count\":\"30\"}", Primitive.class));
    }

    @Test
    void nullForAPrimitiveFails() {
        assertThrows(MismatchedInputException.class, () -> JSON.readValue("{\"count\":null}", Primitive.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'flag':'true'}", "{'flag':1}"})
    void nonBooleanForABooleanFieldFails(String json) {
        fails(MismatchedInputException.class, json);
    }

    @Test
    void unknownEnumValueFails() {
        InvalidFormatException e = fails(InvalidFormatException.class, "{'color':'BLUE'}");
        assertEquals("BLUE", e.getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'color':'red'}", "{'color':0}", "{'color':''}"})
    void enumsAreReadOnlyByExactName(String json) {
        fails(MismatchedInputException.class, json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'at':1774746000}", "{'at':1774746000000}", "{'at':1774746000.5}", "{'at':'1774746000'}",
            "{'at':true}", "{'at':[2026,3,29,1,0]}", "{'at':{}}", "{'at':''}", "{'at':'2026-03-29 01:00'}",
            "{'at':'2026-03-29T01:00:00'}", "{'at':'2026-03-29'}"})
    void instantsMustBeIsoTextWithOffset(String json) {
        MismatchedInputException e = fails(MismatchedInputException.class, json);
        // The path lets the exception mapper name the field in the 400.
        assertEquals("at", e.getPath().get(0).getFieldName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'at':'+10000-01-04T10:00:00Z'}", "{'at':'+294277-01-04T10:00:00Z'}",
            "{'at':'-0001-12-31T23:59:59Z'}", "{'at':'+1000000000-12-31T23:59:59.999999999Z'}"})
    void instantsOutsideYears1To9999Fail(String json) {
        // PostgreSQL cannot store the later ones, and nobody books in them: a 400, not a database failure.
        MismatchedInputException e = fails(MismatchedInputException.class, json);
        assertEquals("at", e.getPath().get(0).getFieldName());
    }

    @Test
    void instantsAtTheEdgesOfYears1To9999AreRead() throws Exception {
        assertEquals(Instant.parse("0001-01-01T00:00:00Z"), read("{'at':'0001-01-01T00:00:00Z'}").at());
        assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), read("{'at':'9999-12-31T23:59:59.999Z'}").at());
    }

    @Test
    void nullInstantIsNull() throws Exception {
        assertEquals(new Body(null, null, null, null, null), read("{'at':null}"));
    }

    @Test
    void trailingTokensFail() {
        fails(MismatchedInputException.class, "{'name':'x'} {'name':'y'}");
    }

    @Test
    void instantIsWrittenAsIso8601Text() throws Exception {
        assertEquals("\"2026-03-29T01:00:00Z\"", JSON.writeValueAsString(Instant.parse("2026-03-29T01:00:00Z")));
        assertEquals("\"2026-10-25T01:30:00.123Z\"",
                JSON.writeValueAsString(Instant.parse("2026-10-25T01:30:00.123Z")));
        assertEquals("{\"name\":\"a\",\"count\":1,\"color\":\"RED\",\"at\":\"2026-03-29T01:00:00Z\",\"flag\":false}",
                JSON.writeValueAsString(new Body("a", 1, Color.RED, Instant.parse("2026-03-29T01:00:00Z"), false)));
    }

    @Test
    void localDateIsWrittenAsIsoText() throws Exception {
        assertEquals("\"2026-03-29\"", JSON.writeValueAsString(LocalDate.of(2026, 3, 29)));
    }

    @Test
    void workingPeriodUsesHoursAndMinutes() throws Exception {
        WorkingPeriod period = new WorkingPeriod(1, LocalTime.of(9, 0), LocalTime.of(13, 30));
        String json = "{\"weekday\":1,\"start\":\"09:00\",\"end\":\"13:30\"}";

        assertEquals(json, JSON.writeValueAsString(period));
        assertEquals(period, JSON.readValue(json, WorkingPeriod.class));
        assertEquals(List.of(period), List.of(JSON.readValue("[" + json + "]", WorkingPeriod[].class)));
        assertThrows(MismatchedInputException.class,
                () -> JSON.readValue("{\"weekday\":\"1\",\"start\":\"09:00\",\"end\":\"13:30\"}", WorkingPeriod.class));
        assertThrows(MismatchedInputException.class,
                () -> JSON.readValue("{\"weekday\":1,\"start\":\"9am\",\"end\":\"13:30\"}", WorkingPeriod.class));
    }

    @Test
    void theProviderHandsOutTheSameStrictMapper() {
        JsonMapper provider = new JsonMapper();
        assertEquals(provider.mapper(), provider.getContext(Object.class));
        assertThrows(UnrecognizedPropertyException.class,
                () -> provider.getContext(Body.class).readValue("{\"nope\":1}", Body.class));
    }
}
