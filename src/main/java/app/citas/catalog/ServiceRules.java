package app.citas.catalog;

import java.time.Duration;
import java.util.List;

/**
 * A service's booking rules, as stored and as shown (the fields of the service body and representation):
 * <ul>
 * <li>{@code bufferBeforeMinutes}, {@code bufferAfterMinutes} (0–240): the resource is blocked that long before and
 * after each appointment; two appointments' blocked ranges may not overlap (the database's exclusion constraint);</li>
 * <li>{@code minNoticeMinutes} (0–43200): no slot or booking starts sooner than that from now;</li>
 * <li>{@code maxAdvanceDays} (1–730): none starts later than that many days (of 24 hours) from now;</li>
 * <li>{@code slotIntervalMinutes} (5, 10, 15, 20, 30 or 60): the grid of candidate starts, from the start of each
 * working period;</li>
 * <li>{@code cancellationCutoffMinutes} (0–43200): a customer cannot cancel or move an appointment that starts
 * within it (staff can).</li>
 * </ul>
 * The defaults are what Citas did before services had rules.
 */
public record ServiceRules(int bufferBeforeMinutes, int bufferAfterMinutes, int minNoticeMinutes, int maxAdvanceDays,
                           int slotIntervalMinutes, int cancellationCutoffMinutes) {
    public static final int MAX_BUFFER_MINUTES = 240;
    public static final List<Integer> SLOT_INTERVALS = List.of(5, 10, 15, 20, 30, 60);
    public static final ServiceRules DEFAULT = new ServiceRules(0, 0, 0, 365, 15, 0);

    // The rules' descriptions in the OpenAPI document (service body and representation).
    static final String BUFFER_BEFORE = "Minutes the resource is blocked before each appointment of this service (0-240, "
            + "default 0); two appointments' blocked ranges may not overlap (409 slot taken)";
    static final String BUFFER_AFTER = "Minutes the resource is blocked after each appointment of this service (0-240, "
            + "default 0); two appointments' blocked ranges may not overlap (409 slot taken)";
    static final String MIN_NOTICE = "No slot or booking starts sooner than this many minutes from now (0-43200, "
            + "default 0; 422 min-notice)";
    static final String MAX_ADVANCE = "No slot or booking starts later than this many days (of 24 hours) from now "
            + "(1-730, default 365; 422 max-advance)";
    static final String SLOT_INTERVAL = "The grid of candidate starts, from the start of each working period: 5, 10, "
            + "15, 20, 30 or 60 minutes (default 15); a customer's booking off the grid is 422 slot-interval, staff may";
    static final String CANCELLATION_CUTOFF = "A customer cannot cancel or move an appointment starting within this "
            + "many minutes (0-43200, default 0; 422 cancellation-cutoff); staff can";

    /** The rules the input asks for, each one it leaves out at its default. */
    static ServiceRules of(ServiceInput in) {
        return new ServiceRules(or(in.bufferBeforeMinutes(), DEFAULT.bufferBeforeMinutes),
                or(in.bufferAfterMinutes(), DEFAULT.bufferAfterMinutes), or(in.minNoticeMinutes(), DEFAULT.minNoticeMinutes),
                or(in.maxAdvanceDays(), DEFAULT.maxAdvanceDays), or(in.slotIntervalMinutes(), DEFAULT.slotIntervalMinutes),
                or(in.cancellationCutoffMinutes(), DEFAULT.cancellationCutoffMinutes));
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    public Duration bufferBefore() {
        return Duration.ofMinutes(bufferBeforeMinutes);
    }

    public Duration bufferAfter() {
        return Duration.ofMinutes(bufferAfterMinutes);
    }

    public Duration minNotice() {
        return Duration.ofMinutes(minNoticeMinutes);
    }

    public Duration maxAdvance() {
        return Duration.ofDays(maxAdvanceDays);
    }

    public Duration slotInterval() {
        return Duration.ofMinutes(slotIntervalMinutes);
    }

    public Duration cancellationCutoff() {
        return Duration.ofMinutes(cancellationCutoffMinutes);
    }
}
