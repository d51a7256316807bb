package app.citas.quota;

import app.citas.platform.Jmx;
import app.citas.platform.Redis;
import io.github.bucket4j.TimeMeter;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the quota filter, its buckets and its MBean {@code citas:type=Quota}. */
public final class QuotaModule {
    /**
     * A request attribute another feature may set, before the quota filter runs, to charge the request as an
     * anonymous caller under this key (instead of its user or client address): the calendar feeds, whose secret URL
     * is the credential, are charged per feed.
     */
    public static final String ANONYMOUS_CALLER = "app.citas.quota.anonymousCaller";
    private static final Logger LOG = LoggerFactory.getLogger(QuotaModule.class);
    private final QuotaFilter filter;

    public QuotaModule(QuotaSettings settings, Redis redis, String keyPrefix, ObjectMapper json, Jmx jmx,
                       TimeMeter clock) {
        QuotaBuckets buckets = new QuotaBuckets(settings, redis, keyPrefix, clock);
        QuotaStats stats = new QuotaStats(buckets);
        jmx.register("citas:type=Quota", stats);
        this.filter = new QuotaFilter(buckets, stats, json);
        LOG.info("Quotas in force per hour: anonymous {}, user {}, staff {}", settings.anonymousPerHour(),
                settings.userPerHour(), settings.staffPerHour());
    }

    /** The servlet filter to put behind the account feature's authentication filter, in front of Jersey. */
    public Filter filter() {
        return filter;
    }
}
