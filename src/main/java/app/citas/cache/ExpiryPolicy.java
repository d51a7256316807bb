package app.citas.cache;

import java.time.Duration;

/** How long entries of a region live after they are written (JCache's CreatedExpiryPolicy). */
public record ExpiryPolicy(Duration timeToLive) {
    public ExpiryPolicy {
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("time to live must be positive, got " + timeToLive);
        }
    }
}
