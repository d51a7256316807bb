package app.citas;

import app.citas.account.AccountSettings;
import app.citas.booking.BookingSettings;
import app.citas.cache.CacheSettings;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.HttpSettings;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import app.citas.quota.QuotaSettings;
import app.citas.warmup.WarmupSettings;
import java.util.function.Function;

/**
 * Every feature's settings, read once from the environment (or system properties of the same name, which win),
 * each validated by its own record, then immutable. Every problem of every feature is reported at once.
 */
public record CitasSettings(DatabaseSettings database, RedisSettings redis, AccountSettings account,
                            QuotaSettings quota, CacheSettings cache, BookingSettings booking, HttpSettings http,
                            WarmupSettings warmup) {

    public static CitasSettings fromEnvironment() {
        return from(SettingsReader.environment());
    }

    public static CitasSettings from(Function<String, String> source) {
        SettingsReader reader = new SettingsReader(source);
        CitasSettings settings = new CitasSettings(
                DatabaseSettings.read(reader),
                RedisSettings.read(reader),
                AccountSettings.read(reader),
                QuotaSettings.read(reader),
                CacheSettings.read(reader),
                BookingSettings.read(reader),
                HttpSettings.read(reader),
                WarmupSettings.read(reader));
        reader.failIfProblems();
        return settings;
    }

    /** The start-up log line: what an operator checks first, never a password. */
    @Override
    public String toString() {
        return "CitasSettings[" + database + ", " + redis
                + ", cache=" + (cache.enabled() ? "on ttl " + cache.timeToLive() : "off")
                + ", quotas=" + (quota.enabled() ? "anon " + quota.anonymousPerHour() + "/h user " + quota.userPerHour()
                + "/h staff " + quota.staffPerHour() + "/h" : "off")
                + ", signIn failures " + account.failedSignInsPerUsername() + "/username "
                + account.failedSignInsPerIp() + "/IP per " + account.signInWindow().toMinutes() + " min"
                + ", tokenTtl=" + account.tokenTtl() + ", maxBody=" + http.maxBodyBytes() + "B, upcomingPerCustomer="
                + booking.maxUpcomingPerCustomer() + ", appointmentsCountLimit=" + booking.appointmentsCountLimit()
                + ", warmUp=" + (warmup.enabled() ? warmup.seconds() + "s"
                + (warmup.overHttp() ? " then <=" + warmup.httpSeconds() + "s over HTTP" : "") : "off") + "]";
    }
}
