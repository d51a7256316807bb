package app.citas.account;

import app.citas.platform.SettingsReader;
import java.time.Duration;

/**
 * How long an API token lives, the limits on failed sign-ins, per username and per client IP, within a window, and
 * how long a node may remember a live token in its near cache (zero: every request looks its token up in the
 * database). The sign-in limits are always in force: they protect passwords, and no switch of another feature turns
 * them off.
 */
public record AccountSettings(Duration tokenTtl, int failedSignInsPerUsername, int failedSignInsPerIp,
                              Duration signInWindow, Duration tokenCacheTtl) {
    public static final String TOKEN_TTL_HOURS = "CITAS_TOKEN_TTL_HOURS";
    public static final String SIGNIN_FAILURES_PER_USERNAME = "CITAS_SIGNIN_FAILURES_PER_USERNAME";
    public static final String SIGNIN_FAILURES_PER_IP = "CITAS_SIGNIN_FAILURES_PER_IP";
    public static final String SIGNIN_WINDOW_MINUTES = "CITAS_SIGNIN_WINDOW_MINUTES";
    public static final String TOKEN_CACHE_SECONDS = "CITAS_TOKEN_CACHE_SECONDS";

    /** The settings with the near cache of tokens at its default lifetime. */
    public AccountSettings(Duration tokenTtl, int failedSignInsPerUsername, int failedSignInsPerIp,
                           Duration signInWindow) {
        this(tokenTtl, failedSignInsPerUsername, failedSignInsPerIp, signInWindow, Duration.ofMinutes(5));
    }

    public static AccountSettings read(SettingsReader reader) {
        return new AccountSettings(
                Duration.ofHours(reader.integer(TOKEN_TTL_HOURS, 30 * 24, 1, 24 * 365)),
                reader.integer(SIGNIN_FAILURES_PER_USERNAME, 10, 1, 1_000_000),
                reader.integer(SIGNIN_FAILURES_PER_IP, 50, 1, 1_000_000),
                Duration.ofMinutes(reader.integer(SIGNIN_WINDOW_MINUTES, 15, 1, 24 * 60)),
                Duration.ofSeconds(reader.integer(TOKEN_CACHE_SECONDS, 300, 0, 3600)));
    }
}
