package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.citas.platform.Problem.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {
    static void assertInvalidField(String field, String message, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status());
        Problem problem = e.problem();
        assertEquals(400, problem.status());
        assertEquals("https://citas.app/problems/validation", problem.type());
        assertEquals(List.of(new FieldError(field, message)), problem.errors());
    }

    @Test
    void defaultsToTheFirstPageOfTwenty() {
        PageRequest page = PageRequest.parse(null, null);
        assertEquals(new PageRequest(1, PageRequest.DEFAULT_SIZE), page);
        assertEquals(20, page.size());
        assertEquals(0, page.offset());
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 20", " 2 , 100", "7, 13"})
    void validValues(String page, String size) {
        PageRequest request = PageRequest.parse(page, size);
        assertEquals(Integer.parseInt(page.trim()), request.page());
        assertEquals(Integer.parseInt(size.trim()), request.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-2147483648"})
    void pageBelowOne(String page) {
        assertInvalidField("page", "must be 1 or more", () -> PageRequest.parse(page, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "101", "2147483647"})
    void sizeOutside1To100(String size) {
        assertInvalidField("size", "must be between 1 and 100", () -> PageRequest.parse("1", size));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "one", "1.0", "2147483648", "1e2", "0x1"})
    void nonNumericPage(String page) {
        assertInvalidField("page", "must be a whole number", () -> PageRequest.parse(page, "10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "20.5", "99999999999"})
    void nonNumericSize(String size) {
        assertInvalidField("size", "must be a whole number", () -> PageRequest.parse("1", size));
    }

    @Test
    void pageIsCheckedBeforeSize() {
        assertInvalidField("page", "must be 1 or more", () -> PageRequest.parse("0", "0"));
    }

    @Test
    void offset() {
        assertEquals(0, new PageRequest(1, 20).offset());
        assertEquals(20, new PageRequest(2, 20).offset());
        assertEquals(4900, new PageRequest(50, 100).offset());
    }

    @Test
    void offsetOfAHugePageDoesNotOverflow() {
        // (MAX_VALUE - 1) * 100 wraps around in int arithmetic; the offset saturates instead.
        assertEquals(Integer.MAX_VALUE, PageRequest.parse(String.valueOf(Integer.MAX_VALUE), "100").offset());
        assertEquals(Integer.MAX_VALUE, new PageRequest(Integer.MAX_VALUE / 2, 3).offset());
        assertEquals(Integer.MAX_VALUE - 1, new PageRequest(Integer.MAX_VALUE, 1).offset());
        // The largest offset that still fits is exact.
        assertEquals(2_147_483_600, new PageRequest(21_474_837, 100).offset());
        assertEquals(Integer.MAX_VALUE, new PageRequest(21_474_838, 100).offset());
    }

    @Test
    void ofWrapsItemsWithThePageNumbers() {
        Page<String> page = new PageRequest(3, 2).of(List.of("e", "f"), 9);
        assertEquals(new Page<>(List.of("e", "f"), 3, 2, 9), page);
    }
}
