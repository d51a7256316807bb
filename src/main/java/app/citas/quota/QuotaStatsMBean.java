package app.citas.quota;

/** JMX view {@code citas:type=Quota}: requests allowed and refused per role, where buckets live, and a reset. */
public interface QuotaStatsMBean {
    long getAllowedAnonymous();

    long getRefusedAnonymous();

    long getAllowedUser();

    long getRefusedUser();

    long getAllowedStaff();

    long getRefusedStaff();

    /**
     * Decisions Redis took for this node; the rest of the allowed and refused ones came from tokens it took ahead
     * for a busy caller, from a refusal it keeps until the caller's next token is due (at most a second), or from
     * the local buckets while Redis was unreachable.
     */
    long getRedisDecisions();

    /** "shared" while buckets live in Redis, "local" while Redis is unreachable. */
    String getMode();

    String getLimitsPerHour();

    /**
     * Gives one caller a full quota again: policy "anon" with the client IP (or IPv6 /64), or "user"/"staff" with
     * the user id.
     */
    void resetCaller(String policy, String caller);
}
