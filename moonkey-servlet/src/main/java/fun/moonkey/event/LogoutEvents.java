package fun.moonkey.event;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of one application and the sending of events to them. A listener that throws is
 * logged at WARNING (class name and exception) and the others still hear the event; nothing a
 * listener does stops a logout. Thread-safe; sending costs nothing when no listener is registered.
 */
public final class LogoutEvents {

  private static final Logger LOG = System.getLogger(LogoutEvents.class.getName());

  private final List<LogoutListener> listeners = new CopyOnWriteArrayList<>();
  private final LogoutEvents parent;

  private LogoutEvents(LogoutEvents parent) {
    this.parent = parent;
  }

  /**
   * Events that go to {@code listener} (and whatever is registered here later) first, then to every
   * listener of this one: one service's own listeners in front of the application's.
   *
   * @param listener the first listener
   * @return the new events; registering on them leaves this one unchanged
   */
  public LogoutEvents with(LogoutListener listener) {
    LogoutEvents child = new LogoutEvents(this);
    child.register(listener);
    return child;
  }

  /** No listeners until some are registered. */
  public static LogoutEvents none() {
    return new LogoutEvents(null);
  }

  /**
   * The listeners that {@link ServiceLoader} finds through {@code loader}; one that cannot be
   * loaded is logged and left out.
   *
   * @param loader the application's class loader (a web application's own)
   * @return the events, more may be registered
   */
  public static LogoutEvents discover(ClassLoader loader) {
    LogoutEvents events = new LogoutEvents(null);
    try {
      for (ServiceLoader.Provider<LogoutListener> provider :
          ServiceLoader.load(LogoutListener.class, loader).stream().toList()) {
        try {
          events.listeners.add(provider.get());
        } catch (ServiceConfigurationError e) {
          LOG.log(Level.WARNING, "LogoutListener " + provider.type().getName() + " left out", e);
        }
      }
    } catch (ServiceConfigurationError e) {
      LOG.log(Level.WARNING, "LogoutListener services could not be read; none found", e);
    }
    if (!events.listeners.isEmpty()) {
      LOG.log(
          Level.INFO,
          "MoonKey logout listeners found: {0}",
          events.listeners.stream().map(l -> l.getClass().getName()).toList());
    }
    return events;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  public AutoCloseable register(LogoutListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Whether any listener is registered: senders skip building events otherwise. */
  public boolean isEmpty() {
    return listeners.isEmpty() && (parent == null || parent.isEmpty());
  }

  /** Sends {@code event} to every listener. */
  public void before(BeforeLogout event) {
    send(l -> l.beforeLogout(event));
  }

  /** Sends {@code event} to every listener. */
  public void after(AfterLogout event) {
    send(l -> l.afterLogout(event));
  }

  private void send(Consumer<LogoutListener> call) {
    sendHere(call);
    if (parent != null) {
      parent.send(call);
    }
  }

  private void sendHere(Consumer<LogoutListener> call) {
    for (LogoutListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException | LinkageError e) {
        LOG.log(
            Level.WARNING,
            "LogoutListener " + listener.getClass().getName() + " threw; the logout goes on",
            e);
      }
    }
  }
}
