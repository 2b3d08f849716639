package fun.moonkey.metrics;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Names the library's MBeans and registers them on the platform MBean server. Failing to register
 * (a name taken, a security manager) is logged and leaves the logout untouched.
 */
final class PlatformMBeans {

  private PlatformMBeans() {}

  /** {@code fun.moonkey:type=<type>,context="/app",id=0}. */
  static ObjectName name(String type, String context, int id) {
    try {
      return new ObjectName(
          LogoutMetrics.DOMAIN
              + ":type="
              + type
              + ",context="
              + ObjectName.quote(context)
              + ",id="
              + id);
    } catch (JMException e) {
      throw new IllegalArgumentException("not a JMX name part: " + context, e);
    }
  }

  /**
   * @param what what the MBean is, for the log: {@code MoonKey metrics}
   * @return unregisters it; idempotent
   */
  static AutoCloseable register(Object mbean, ObjectName name, String what, Logger log) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.registerMBean(mbean, name);
    } catch (JMException | RuntimeException e) {
      log.log(Level.WARNING, what + " not registered as " + name, e);
      return () -> {};
    }
    log.log(Level.DEBUG, "{0} registered as {1}", what, name);
    return () -> {
      try {
        if (server.isRegistered(name)) {
          server.unregisterMBean(name);
        }
      } catch (JMException e) {
        log.log(Level.DEBUG, what + " " + name + " already unregistered", e);
      }
    };
  }
}
