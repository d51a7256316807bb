package app.citas.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects the one {@link TestStack} of this JVM, started on first use and closed when all tests are done. */
public final class StackExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, key -> new Holder(), Holder.class).stack;
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final TestStack stack;

        Holder() {
            try {
                stack = TestStack.start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the test stack: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            stack.close();
        }
    }
}
