package fun.moonkey.benchmarks;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;

/**
 * What the local-work servers serve beside the logout: a sign-in that creates the {@code
 * HttpSession} a logout ends, a check that tells whether a session is still there, and Spring
 * Security's {@code LogoutFilter} set up to do the same local work as ours.
 */
final class LocalWorkServlets {

  /** The session attribute where {@code LogoutFilter} looks for the MoonKey session token. */
  static final String TOKEN_ATTRIBUTE = "moonkey.session_token";

  private LocalWorkServlets() {}

  /**
   * {@code GET}: creates a session (its cookie {@code JSESSIONID} in the answer) and answers 204;
   * with a credential, the session also holds a MoonKey token, so that our filter revokes it.
   */
  static final class SignIn extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final boolean withCredential;

    SignIn(boolean withCredential) {
      this.withCredential = withCredential;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      var session = req.getSession(true);
      if (withCredential) {
        session.setAttribute(TOKEN_ATTRIBUTE, "tok-" + session.getId());
      }
      resp.setStatus(204);
    }
  }

  /** {@code GET}: 204 if the request's session exists, 401 if not; creates none. */
  static final class SessionCheck extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      resp.setStatus(req.getSession(false) != null ? 204 : 401);
    }
  }

  /**
   * Counts the sessions that end ({@code invalidate()}, or a timeout that the runs are too short
   * for), so that the benchmark can tell that wrk's logouts really ended sessions.
   */
  static final class EndedSessions implements HttpSessionListener {
    private final AtomicLong ended = new AtomicLong();

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
      ended.incrementAndGet();
    }

    long ended() {
      return ended.get();
    }
  }

  /**
   * Spring Security's {@code LogoutFilter} on {@code POST /logout}: invalidates the session, clears
   * the cookies {@code session_token} and {@code JSESSIONID}, redirects to {@code /}.
   */
  static Filter springLogoutFilter() {
    SimpleUrlLogoutSuccessHandler success = new SimpleUrlLogoutSuccessHandler();
    success.setDefaultTargetUrl("/");
    LogoutFilter filter =
        new LogoutFilter(
            success,
            new SecurityContextLogoutHandler(),
            new CookieClearingLogoutHandler("session_token", "JSESSIONID"));
    filter.setLogoutRequestMatcher(
        request ->
            "POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/logout"));
    return filter;
  }
}
