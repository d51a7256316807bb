package app.citas.warmup;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether Tomcat's connectors take requests yet, from the MBeans Tomcat registers. At a start they do not while the
 * application deploys; when the WAR is deployed into a running Tomcat (a parallel deployment) they already do, and
 * Tomcat sends new requests to the newest version at once, so there is no traffic a warming {@code /health} could
 * hold back.
 */
final class TomcatConnectors {
    private TomcatConnectors() {
    }

    /** True when some connector has started; false when none has or this is not a standalone Tomcat. */
    static boolean anyStarted() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName connector : server.queryNames(new ObjectName("*:type=Connector,*"), null)) {
                if ("STARTED".equals(String.valueOf(server.getAttribute(connector, "stateName")))) {
                    return true;
                }
            }
            return false;
        } catch (JMException e) {
            return false;
        }
    }
}
