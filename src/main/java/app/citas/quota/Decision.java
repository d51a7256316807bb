package app.citas.quota;

/** The outcome of one request against its bucket, with what the RateLimit headers and a 429 need. */
record Decision(Policy policy, int limit, boolean allowed, long remaining, long retryAfterSeconds,
                long secondsUntilFull) {

    String policyHeader() {
        return "\"" + policy.label + "\";q=" + limit + ";w=3600";
    }

    String rateLimitHeader() {
        return "\"" + policy.label + "\";r=" + remaining + ";t=" + secondsUntilFull;
    }
}
