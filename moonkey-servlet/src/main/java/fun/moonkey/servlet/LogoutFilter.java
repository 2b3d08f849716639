package fun.moonkey.servlet;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.LogoutEndpoint;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Logs users out of MoonKey, the {@code HttpSession} and the browser's cookies: the servlet entry
 * point. A WAR maps it to its logout path in {@code web.xml} (see the README), or sets the
 * context-param {@code moonkey.logout-path} alone ({@link MoonKeyInitializer}); a bad setting stops
 * {@link #init} with a {@link ServletException} naming the key ({@link FilterSetup}).
 *
 * <p>The filter is glue: the service's {@link LogoutEndpoint} runs the logout (guard, scope, local
 * steps, MoonKey, answer), and {@link ServletAnswer} writes its answer, from the container thread
 * or, where the chain is async-supported, once MoonKey has answered (never past {@code timeout}).
 * With {@code sessions-api}, {@code {logout-path}/sessions} and {@code {logout-path}/sessions/end}
 * are the service's {@link fun.moonkey.logout.SessionsEndpoint} (docs/sessions.md). Other paths
 * pass down the chain, through the enforce-revocations check when it is on.
 */
public final class LogoutFilter implements Filter {

  private final MoonKeyConfig given;
  private FilterSetup setup;
  private ServletAnswer.Blocking blocking;

  /** For {@code web.xml}: configured in {@link #init} from init-params and the environment. */
  public LogoutFilter() {
    this.given = null;
  }

  /**
   * For registration in code ({@code ServletContext.addFilter}) with a configuration built there.
   *
   * @param config the configuration; init-params are then ignored
   */
  public LogoutFilter(MoonKeyConfig config) {
    this.given = Objects.requireNonNull(config, "config");
  }

  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    setup = FilterSetup.start(filterConfig, given);
    blocking = new ServletAnswer.Blocking(setup.config.timeout());
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
    } else {
      switch (setup.route(request)) {
        case PASS -> RevokedSessionCheck.passDown(setup.revokedCheck, request, response, chain);
        case LOGOUT ->
            ServletAnswer.respond(
                request,
                response,
                setup.service.endpoint().handle(new ServletLogoutExchange(request)),
                blocking);
        case SESSIONS -> sessions(request, response, false);
        case SESSIONS_END -> sessions(request, response, true);
      }
    }
  }

  /**
   * "Your devices" ({@code sessions-api}): a session that enforce-revocations ends is answered as
   * signed out first, as on any other path.
   */
  private void sessions(HttpServletRequest request, HttpServletResponse response, boolean end)
      throws IOException {
    if (setup.revokedCheck != null
        && setup.revokedCheck.check(request, response) == RevokedSessionCheck.Verdict.ENDED) {
      return;
    }
    ServletLogoutExchange exchange = new ServletLogoutExchange(request);
    ServletAnswer.respond(
        request,
        response,
        end
            ? setup.service.sessions().end(exchange, setup.logoutUri(request))
            : setup.service.sessions().list(exchange),
        blocking);
  }

  @Override
  public void destroy() {
    if (setup != null) {
      setup.close();
    }
  }
}
