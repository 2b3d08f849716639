package fun.moonkey.local;

import fun.moonkey.config.MoonKeyConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local logout: its steps, run in order on the request's thread before MoonKey is asked, each a
 * small {@link Step} (end the {@code HttpSession}, expire the cookies, clear the site's data). What
 * they did goes into the answer. Thread-safe.
 */
public final class LocalLogout {

  /**
   * What the local logout did.
   *
   * @param sessionEnded true when a live {@code HttpSession} was invalidated
   * @param setCookies the {@code Set-Cookie} values that expire the auth cookies
   * @param clearSiteData the {@code Clear-Site-Data} value, on a secure request when configured
   */
  public record Done(
      boolean sessionEnded, List<String> setCookies, Optional<String> clearSiteData) {

    /** Nothing done: the start of the steps, and what {@code scope=others} keeps. */
    public static final Done NOTHING = new Done(false, List.of(), Optional.empty());

    /** Copies the list. */
    public Done {
      setCookies = List.copyOf(setCookies);
      Objects.requireNonNull(clearSiteData, "clearSiteData");
    }
  }

  /** One step of the local logout: what it does to the request, added to what was done. */
  interface Step {
    Done run(LogoutRequest request, Done done);
  }

  private final List<Step> steps;

  /**
   * @param config which cookies to expire, and the {@code Clear-Site-Data} directives
   */
  public LocalLogout(MoonKeyConfig config) {
    this.steps =
        List.of(
            new SessionInvalidation(),
            new CookieExpiry(config),
            new ClearSiteData(config.security().clearSiteData()));
  }

  /**
   * Runs every step. A step tolerates a session already gone and a runtime without sessions.
   *
   * @param request the request logging out
   * @return what was done
   */
  public Done run(LogoutRequest request) {
    Done done = Done.NOTHING;
    for (Step step : steps) {
      done = step.run(request, done);
    }
    return done;
  }
}
