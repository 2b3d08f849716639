package fun.moonkey.event;

/**
 * Hears about logouts: audit, analytics, clearing an application cache. Found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/fun.moonkey.event.LogoutListener}, public
 * no-argument constructor) or registered in code with {@link LogoutEvents#register}.
 *
 * <p>Listeners run on the thread of the logout step that sends the event (a container thread for
 * {@link #beforeLogout}, often a MoonKey client thread for {@link #afterLogout}): keep them quick
 * and thread-safe. A listener that throws is logged and skipped; it never stops a logout.
 */
public interface LogoutListener {

  /**
   * Before the {@code HttpSession} is invalidated; the session is still readable.
   *
   * @param event the logout about to happen
   */
  default void beforeLogout(BeforeLogout event) {}

  /**
   * After MoonKey answered or the timeout passed.
   *
   * @param event the outcome
   */
  default void afterLogout(AfterLogout event) {}
}
