package app.citas.quota;

import app.citas.account.AccountModule;
import app.citas.platform.Jmx;
import app.citas.platform.Redis;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the quota filter, its buckets and its MBean {@code citas:type=Quota}. */
public final class QuotaModule {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaModule.class);
    private final Filter filter;

    public QuotaModule(QuotaSettings settings, Redis redis, String keyPrefix, AccountModule accounts,
                       ObjectMapper json, Jmx jmx, TimeMeter clock) {
        QuotaBuckets buckets = new QuotaBuckets(settings, redis, keyPrefix, clock);
        QuotaStats stats = new QuotaStats(buckets);
        jmx.register("citas:type=Quota", stats);
        this.filter = new QuotaFilter(accounts, buckets, stats, json);
        LOG.info("Quotas in force per hour: anonymous {}, user {}, staff {}", settings.anonymousPerHour(),
                settings.userPerHour(), settings.staffPerHour());
    }

    public Filter filter() {
        return filter;
    }
}
