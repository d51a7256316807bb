package app.citas.platform;

/**
 * Whether the node still warms up after its start. While it does, {@code /health} answers 503 WARMING, so load
 * balancers, {@code scripts/deploy.sh} and the benchmarks wait for a node that runs at its warm speed. Ready unless
 * a warm-up marks it warming.
 */
public final class Readiness {
    private volatile boolean warming;

    public boolean isWarming() {
        return warming;
    }

    public void markWarming() {
        warming = true;
    }

    public void markReady() {
        warming = false;
    }
}
