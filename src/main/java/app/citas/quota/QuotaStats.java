package app.citas.quota;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

final class QuotaStats implements QuotaStatsMBean {
    private final Map<Policy, LongAdder> allowed = new EnumMap<>(Policy.class);
    private final Map<Policy, LongAdder> refused = new EnumMap<>(Policy.class);
    private final QuotaBuckets buckets;

    QuotaStats(QuotaBuckets buckets) {
        this.buckets = buckets;
        for (Policy policy : Policy.values()) {
            allowed.put(policy, new LongAdder());
            refused.put(policy, new LongAdder());
        }
    }

    void record(Decision decision) {
        (decision.allowed() ? allowed : refused).get(decision.policy()).increment();
    }

    @Override
    public long getAllowedAnonymous() {
        return allowed.get(Policy.ANON).sum();
    }

    @Override
    public long getRefusedAnonymous() {
        return refused.get(Policy.ANON).sum();
    }

    @Override
    public long getAllowedUser() {
        return allowed.get(Policy.USER).sum();
    }

    @Override
    public long getRefusedUser() {
        return refused.get(Policy.USER).sum();
    }

    @Override
    public long getAllowedStaff() {
        return allowed.get(Policy.STAFF).sum();
    }

    @Override
    public long getRefusedStaff() {
        return refused.get(Policy.STAFF).sum();
    }

    @Override
    public long getRedisDecisions() {
        return buckets.redisDecisions();
    }

    @Override
    public String getMode() {
        return buckets.shared() ? "shared" : "local";
    }

    @Override
    public String getLimitsPerHour() {
        return buckets.limits().toString();
    }

    @Override
    public void resetCaller(String policy, String caller) {
        buckets.reset(policy, caller);
    }
}
