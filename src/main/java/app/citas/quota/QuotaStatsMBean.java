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
     * Decisions this node took by asking Redis; the rest of the allowed and refused ones came from tokens it took
     * ahead for a busy caller, or from a refusal it keeps until the caller's next token is due (at most a second).
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
