package fun.moonkey.jaxrs;

import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutListener;
import jakarta.enterprise.event.Event;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Fires the library's logout events as CDI events: {@link BeforeLogout} synchronously (observers
 * still read the session), {@link AfterLogout} synchronously and with {@code fireAsync}. A failing
 * observer is logged and never stops a logout. Registered by {@link MoonKeyProducers} on the
 * service it produces.
 *
 * <pre>{@code
 * void audit(@Observes AfterLogout event) { ... }
 * void report(@ObservesAsync AfterLogout event) { ... }
 * }</pre>
 */
final class CdiLogoutEvents implements LogoutListener {

  private static final Logger LOG = System.getLogger(CdiLogoutEvents.class.getName());

  private final Event<BeforeLogout> before;
  private final Event<AfterLogout> after;

  CdiLogoutEvents(Event<BeforeLogout> before, Event<AfterLogout> after) {
    this.before = Objects.requireNonNull(before, "before");
    this.after = Objects.requireNonNull(after, "after");
  }

  @Override
  public void beforeLogout(BeforeLogout event) {
    before.fire(event);
  }

  @Override
  public void afterLogout(AfterLogout event) {
    try {
      after.fire(event);
    } finally {
      after
          .fireAsync(event)
          .exceptionally(
              failure -> {
                LOG.log(Level.WARNING, "An asynchronous AfterLogout observer failed", failure);
                return event;
              });
    }
  }
}
