package app.citas.platform;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers this application's MBeans and removes exactly those on close. Names carry the deployment's version
 * (see {@link Deployment}), so versions running side by side never replace each other's MBeans.
 */
public final class Jmx implements AutoCloseable {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();
    private final Deployment deployment;

    public Jmx(Deployment deployment) {
        this.deployment = deployment;
    }

    public void register(String name, Object mbean) {
        try {
            ObjectName objectName = new ObjectName(name + deployment.objectNameSuffix());
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(mbean, objectName);
            registered.add(objectName);
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register MBean " + name + ": " + e.getMessage(), e);
        }
    }

    public void registerDatabaseStats(Database database) {
        register("citas:type=Database", new DatabaseStats(database));
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (JMException e) {
                // Shutting down: nothing useful to do with a failure to unregister.
            }
        }
        registered.clear();
    }
}
