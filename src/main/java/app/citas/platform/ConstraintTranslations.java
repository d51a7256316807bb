package app.citas.platform;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.util.PSQLException;

/**
 * What a violated database constraint means to the client. Each feature registers the constraints of its own tables
 * at start-up; a violation of any other constraint gets the generic answer for its kind (an exclusion or unique
 * violation is a 409). The database keeps the last word on races; this only words the answer.
 */
public final class ConstraintTranslations {
    static final String EXCLUSION_VIOLATION = "23P01";
    static final String UNIQUE_VIOLATION = "23505";

    private final Map<String, ApiException> byConstraint = new ConcurrentHashMap<>();

    /** The failure to answer when the named constraint (or unique index) is violated. Each name once. */
    public ConstraintTranslations register(String constraint, ApiException failure) {
        if (byConstraint.putIfAbsent(constraint, failure) != null) {
            throw new IllegalStateException("Constraint " + constraint + " is translated twice");
        }
        return this;
    }

    /** The failure for this SQL error, when it is a violation of an exclusion or unique constraint. */
    Optional<ApiException> translate(SQLException sql) {
        return translate(sql.getSQLState(), constraintOf(sql));
    }

    Optional<ApiException> translate(String sqlState, String constraint) {
        if (!EXCLUSION_VIOLATION.equals(sqlState) && !UNIQUE_VIOLATION.equals(sqlState)) {
            return Optional.empty();
        }
        ApiException registered = constraint == null ? null : byConstraint.get(constraint);
        if (registered != null) {
            return Optional.of(registered);
        }
        return Optional.of(EXCLUSION_VIOLATION.equals(sqlState)
                ? ApiException.conflict(Problems.text("constraint.overlap"))
                : ApiException.conflict(Problems.text("constraint.taken")));
    }

    /** Hibernate reports exclusion violations without the constraint name; the driver's message has it. */
    private static String constraintOf(SQLException sql) {
        return sql instanceof PSQLException psql && psql.getServerErrorMessage() != null
                ? psql.getServerErrorMessage().getConstraint() : null;
    }
}
