package app.citas.cache;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one region, as JCache's CacheStatisticsMXBean: read by JMX and the benchmark. */
public final class CacheStatistics {
    private final LongAdder hits = new LongAdder();
    private final LongAdder copiesServed = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();

    void hit() {
        hits.increment();
    }

    /** A hit answered with the node's copy of the body, confirmed current by Redis (counted as a hit too). */
    void copyServed() {
        copiesServed.increment();
    }

    void miss() {
        misses.increment();
    }

    void put() {
        puts.increment();
    }

    void removal() {
        removals.increment();
    }

    void error() {
        errors.increment();
    }

    void loaded(long nanos) {
        loads.increment();
        loadNanos.add(nanos);
    }

    public long hits() {
        return hits.sum();
    }

    public long copiesServed() {
        return copiesServed.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long puts() {
        return puts.sum();
    }

    public long removals() {
        return removals.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** Hits over all gets, 0 before the first get. */
    public double hitRatio() {
        long h = hits();
        long total = h + misses();
        return total == 0 ? 0 : (double) h / total;
    }

    public double averageLoadMillis() {
        long n = loads.sum();
        return n == 0 ? 0 : loadNanos.sum() / 1e6 / n;
    }
}
