package app.citas.quota;

/** The outcome of one request against its bucket, with what the RateLimit headers and a 429 need. */
record Decision(Policy policy, int limit, boolean allowed, long remaining, long retryAfterSeconds,
                long secondsUntilFull) {

    /** Whole seconds for the headers, rounded up (a wait of 1 ns is 1 s); none for what is due already. */
    static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    String policyHeader() {
        return "\"" + policy.label + "\";q=" + limit + ";w=3600";
    }

    String rateLimitHeader() {
        return "\"" + policy.label + "\";r=" + remaining + ";t=" + secondsUntilFull;
    }
}
