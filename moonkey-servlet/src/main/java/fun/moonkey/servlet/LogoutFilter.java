package fun.moonkey.servlet;

import fun.moonkey.config.ConfigException;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.logout.LogoutResponder;
import fun.moonkey.logout.LogoutResult;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ResponseMode;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.security.LogoutGuard;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs users out of MoonKey, the {@code HttpSession} and the browser's cookies: the servlet entry
 * point. A WAR maps it to its logout path in {@code web.xml} (see the README), or sets the
 * context-param {@code moonkey.logout-path} alone ({@link MoonKeyInitializer}); a bad setting stops
 * {@link #init} with a {@link ServletException} naming the key.
 *
 * <p>The filter is glue: the {@linkplain LogoutGuard guard} decides whether the request may log
 * out, {@link LogoutService#logout} does the logout for the requested {@linkplain Scope scope}, and
 * the {@link LogoutResponder} builds the answer, which the filter writes, from the container thread
 * or, where the chain is async-supported, once MoonKey has answered (never past {@code timeout}).
 * Other paths pass down the chain untouched. The MoonKey client comes from the web application's
 * {@link SharedServices} registry, shared with a {@code LogoutResource} configured alike.
 */
public final class LogoutFilter implements Filter {

  private static final Logger LOG = System.getLogger(LogoutFilter.class.getName());

  private final MoonKeyConfig given;
  private MoonKeyConfig config;
  private ServiceRegistry.Lease lease;
  private LogoutService service;
  private String logoutPath;
  private ServletContext servletContext;
  private RevokedSessionCheck revokedCheck;
  private final AtomicBoolean blockingLogged = new AtomicBoolean();

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
    try {
      config =
          given != null ? given : MoonKeyConfig.from(ServletConfigSources.forFilter(filterConfig));
    } catch (ConfigException e) {
      throw new ServletException(e.getMessage());
    }
    if (config.secretInDeploymentDescriptor()) {
      LOG.log(
          Level.WARNING,
          "The MoonKey secret key is set in web.xml; set the environment variable {0} instead, so"
              + " that it stays out of the WAR and version control",
          ConfigKeys.envName(ConfigKeys.SECRET_KEY));
    }
    // Shared with a LogoutResource of the same application and configuration.
    lease = SharedServices.of(filterConfig.getServletContext()).acquire(config);
    service = lease.service();
    logoutPath = config.logoutPath().orElse(null);
    servletContext = filterConfig.getServletContext();
    if (config.revokeOnSessionEnd()) {
      SessionEndRevoker.publish(servletContext, service);
    }
    revokedCheck = RevokedSessionCheck.of(service, logoutPath).orElse(null);
    LOG.log(
        Level.INFO,
        "MoonKey LogoutFilter ready (async where the filter chain is async-supported, else"
            + " blocking): {0}",
        config);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (logoutPath != null && !isLogoutPath(request)) {
      if (revokedCheck == null) {
        chain.doFilter(req, res);
        return;
      }
      RevokedSessionCheck.Verdict verdict = revokedCheck.check(request, response);
      if (verdict != RevokedSessionCheck.Verdict.ENDED) {
        chain.doFilter(req, res);
      }
      if (verdict == RevokedSessionCheck.Verdict.SIGNED_OUT) {
        revokedCheck.afterSignedOut(request);
      }
      return;
    }
    LogoutGuard.Check check = service.guard().check(ServletRequestFacts.of(request));
    ResponseMode mode = ServletRequestFacts.mode(request);
    if (check.outcome() != LogoutGuard.Outcome.LOGOUT) {
      ServletAnswer.write(response, service.responder().refused(check, mode));
      return;
    }
    Scope scope =
        config.scopes().isEmpty()
            ? Scope.SESSION
            : service.scope(ServletRequestFacts.parameter(request, "scope"));
    // Read here, on the request's thread: the answer may be written from the HTTP client's I/O
    // thread, which must not wait for a form body to arrive.
    String requested =
        service
            .responder()
            .returnToParameter()
            .map(name -> ServletRequestFacts.parameter(request, name))
            .orElse(null);
    CompletableFuture<LogoutResult> logout =
        service
            .logout(new ServletLogoutRequest(request, check.secure()), scope)
            .toCompletableFuture();
    // Done already (no credential): answering now costs less than going async.
    if (logout.isDone() || !request.isAsyncSupported()) {
      logBlockingOnce(logout.isDone());
      answer(request, response, logout.join(), check, mode, requested);
      return;
    }
    ServletAnswer.later(
        request,
        response,
        logout,
        config.timeout().toMillis(),
        result -> answer(request, response, result, check, mode, requested));
  }

  private void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      LogoutResult result,
      LogoutGuard.Check check,
      ResponseMode mode,
      String requested)
      throws IOException {
    ServletAnswer.write(
        response,
        service.responder().logout(check, result, mode, requested, request.getContextPath()));
  }

  private void logBlockingOnce(boolean done) {
    if (!done && blockingLogged.compareAndSet(false, true)) {
      LOG.log(
          Level.INFO,
          "MoonKey LogoutFilter runs in blocking mode (within the {0} ms timeout): the filter or"
              + " a servlet in its chain is not async-supported; mark them"
              + " <async-supported>true</async-supported> to release container threads while"
              + " MoonKey answers",
          config.timeout().toMillis());
    }
  }

  private boolean isLogoutPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri.length() == context.length() + logoutPath.length()
        && uri.startsWith(context)
        && uri.startsWith(logoutPath, context.length());
  }

  @Override
  public void destroy() {
    if (servletContext != null) {
      SessionEndRevoker.withdraw(servletContext, service);
    }
    if (lease != null) {
      lease.close();
    }
  }
}
