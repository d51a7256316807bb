package app.citas.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The thorough run ({@code mvn verify -Pthorough}, or {@code -Dcitas.thorough=true}): the same tests and assertions
 * as the default run, with the larger counts and longer durations the default run trims to keep {@code mvn verify}
 * short: HostileInputIT's jqwik tries (each one requests a real stack and checksums its tables twice), the length
 * of FaultsIT's outages.
 */
public final class Thorough {
    /** jqwik tries in the default run: this share of the count a property is annotated with. */
    static final int DEFAULT_RUN_DIVISOR = 3;

    private Thorough() {
    }

    /** True in the thorough run. */
    public static boolean on() {
        return Boolean.getBoolean("citas.thorough");
    }

    /** The thorough value in the thorough run, the quick one otherwise. */
    public static int pick(int quick, int thorough) {
        return on() ? thorough : quick;
    }

    /**
     * For {@code @AddLifecycleHook(Thorough.Tries.class)}: outside the thorough run, each property runs a third of
     * its annotated tries (at least 20); in the thorough run, all of them.
     */
    public static final class Tries implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (!on()) {
                context.attributes().tries().ifPresent(tries ->
                        context.attributes().setTries(Math.max(Math.min(tries, 20), tries / DEFAULT_RUN_DIVISOR)));
            }
            return property.execute();
        }

        /** Registered on a class, it applies to every property of the class (and of its nested classes). */
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }
    }
}
