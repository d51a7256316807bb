package app.citas.quota;

import app.citas.platform.SettingsReader;

/** Per-role hourly request quotas (token buckets refilled smoothly), or none at all. */
public record QuotaSettings(boolean enabled, int anonymousPerHour, int userPerHour, int staffPerHour) {
    public static final String ENABLED = "CITAS_QUOTA_ENABLED";
    public static final String ANONYMOUS_PER_HOUR = "CITAS_QUOTA_ANONYMOUS_PER_HOUR";
    public static final String USER_PER_HOUR = "CITAS_QUOTA_USER_PER_HOUR";
    public static final String STAFF_PER_HOUR = "CITAS_QUOTA_STAFF_PER_HOUR";

    public static QuotaSettings read(SettingsReader reader) {
        return new QuotaSettings(
                reader.bool(ENABLED, true),
                reader.integer(ANONYMOUS_PER_HOUR, 100, 1, 100_000_000),
                reader.integer(USER_PER_HOUR, 1000, 1, 100_000_000),
                reader.integer(STAFF_PER_HOUR, 5000, 1, 100_000_000));
    }
}
