package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class ConstraintTranslationsTest {
    private final ConstraintTranslations constraints = new ConstraintTranslations()
            .register("slots_no_overlap", ApiException.conflict(Message.verbatim("That slot is taken.")))
            .register("names_key", ApiException.conflict(Message.verbatim("That name exists.")));

    @Test
    void aRegisteredConstraintGetsItsFeaturesWords() {
        assertEquals("That slot is taken.", detail(constraints.translate("23P01", "slots_no_overlap").orElseThrow()));
        assertEquals("That name exists.", detail(constraints.translate("23505", "names_key").orElseThrow()));
    }

    @Test
    void anUnknownConstraintGetsTheGenericConflictOfItsKind() {
        ApiException overlap = constraints.translate("23P01", "other_exclusion").orElseThrow();
        assertEquals(409, overlap.status());
        assertEquals("https://citas.app/problems/conflict", overlap.problem().type());
        assertEquals("That overlaps with an existing entry.", detail(overlap));
        assertEquals("That value is already taken.", detail(constraints.translate("23505", null).orElseThrow()));
    }

    @Test
    void otherFailuresAreNotConstraintViolationsToTranslate() {
        assertTrue(constraints.translate("23503", "names_key").isEmpty(), "a foreign key violation is not a conflict");
        assertTrue(constraints.translate("08006", null).isEmpty());
        assertTrue(constraints.translate(null, null).isEmpty());
    }

    @Test
    void theConstraintNameComesFromTheDriversServerMessage() {
        SQLException violation = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23P01\0Mconflicting key value violates exclusion constraint\0nslots_no_overlap\0"));
        assertEquals("That slot is taken.", detail(constraints.translate(violation).orElseThrow()));
        SQLException wrapped = new SQLException("batch failed", "23505");
        assertEquals("That value is already taken.", detail(constraints.translate(wrapped).orElseThrow()));
    }

    @Test
    void theExceptionMapperAnswersWithTheTranslation() {
        SQLException violation = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23P01\0Mconflicting key value violates exclusion constraint\0nslots_no_overlap\0"));
        Response response = new ExceptionMappers.AnyMapper(constraints).toResponse(
                new ConstraintViolationException("could not execute statement", violation, "insert ...", null));
        assertEquals(409, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("That slot is taken.", ((ProblemDraft) response.getEntity()).in(Languages.ENGLISH).detail());
    }

    @Test
    void aConstraintIsTranslatedByOneFeatureOnly() {
        assertThrows(IllegalStateException.class,
                () -> constraints.register("names_key", ApiException.conflict(Message.verbatim("Another wording."))));
    }

    private static String detail(ApiException failure) {
        return failure.problem().detail();
    }
}
