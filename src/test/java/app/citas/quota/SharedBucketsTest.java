package app.citas.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic around the script: whole microseconds per token, and tokens left from "full again in". */
class SharedBucketsTest {

    @Test
    void limitsThatDivideTheHourAreExact() {
        SharedBuckets.Rate rate = SharedBuckets.Rate.perHour(5000);
        assertEquals(720_000, rate.intervalMicros());
        assertEquals(3_600_000_000L, rate.windowMicros());
        assertEquals(36, SharedBuckets.Rate.perHour(100_000_000).intervalMicros());
    }

    @Test
    void otherLimitsRoundTheIntervalUpKeepingTheCapacity() {
        SharedBuckets.Rate rate = SharedBuckets.Rate.perHour(7);
        assertEquals(514_285_715, rate.intervalMicros());
        assertEquals(7 * 514_285_715L, rate.windowMicros());
    }

    @Test
    void tokensLeftFollowFromWhenTheBucketIsFullAgain() {
        SharedBuckets.Rate rate = SharedBuckets.Rate.perHour(10);
        SharedBuckets.Spent first = SharedBuckets.Spent.of(List.of(1L, 360_000_000L, 0L));
        assertTrue(first.allowed());
        assertEquals(9, first.remaining(rate));
        assertEquals(0, SharedBuckets.Spent.of(List.of(1L, 3_600_000_000L, 0L)).remaining(rate));
        SharedBuckets.Spent refused = SharedBuckets.Spent.of(List.of(0L, 3_599_000_000L, 359_000_000L));
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining(rate));
    }
}
