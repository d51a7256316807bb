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
