package fun.moonkey.servlet;

import fun.moonkey.logout.SessionsEndpoint;

/**
 * Which of the filter's endpoints a request URI names: the logout path and, with {@code
 * sessions-api}, {@code {logout-path}/sessions} and {@code {logout-path}/sessions/end}; any other
 * URI passes down the chain. Every request the filter sees is routed here, so a URI whose length is
 * none of theirs is told apart by that comparison alone, without allocation. Immutable.
 */
final class FilterRoutes {

  /** Where a request goes. */
  enum Route {
    /** Not the filter's: down the chain (through the enforce-revocations check). */
    PASS,
    /** The logout path. */
    LOGOUT,
    /** {@code {logout-path}/sessions}, with {@code sessions-api}. */
    SESSIONS,
    /** {@code {logout-path}/sessions/end}, with {@code sessions-api}. */
    SESSIONS_END
  }

  private static final int LIST = SessionsEndpoint.LIST_PATH.length();
  private static final int END = SessionsEndpoint.END_PATH.length();

  private final String logoutPath;
  private final boolean sessionsApi;

  /**
   * @param logoutPath the context-relative logout path, or null when every request is a logout
   * @param sessionsApi whether the two paths under it are the filter's
   */
  FilterRoutes(String logoutPath, boolean sessionsApi) {
    this.logoutPath = logoutPath;
    this.sessionsApi = sessionsApi && logoutPath != null;
  }

  /**
   * @param uri the request URI, as {@code getRequestURI} gives it (not decoded)
   * @param contextPath the context path, {@code ""} at the root
   */
  Route route(String uri, String contextPath) {
    if (logoutPath == null) {
      return Route.LOGOUT;
    }
    int base = contextPath.length() + logoutPath.length();
    int rest = uri.length() - base;
    if (rest != 0 && (!sessionsApi || (rest != LIST && rest != END))) {
      return Route.PASS;
    }
    if (!uri.startsWith(contextPath) || !uri.startsWith(logoutPath, contextPath.length())) {
      return Route.PASS;
    }
    if (rest == 0) {
      return Route.LOGOUT;
    }
    if (rest == LIST) {
      return uri.startsWith(SessionsEndpoint.LIST_PATH, base) ? Route.SESSIONS : Route.PASS;
    }
    return uri.startsWith(SessionsEndpoint.END_PATH, base) ? Route.SESSIONS_END : Route.PASS;
  }
}
