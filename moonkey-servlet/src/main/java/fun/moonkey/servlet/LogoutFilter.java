package fun.moonkey.servlet;

import fun.moonkey.config.ConfigException;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.FailurePolicy;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.EverywhereLogout;
import fun.moonkey.logout.LogoutAnswer;
import fun.moonkey.logout.LogoutFlow;
import fun.moonkey.logout.LogoutResult;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.security.LogoutGuard;
import jakarta.servlet.AsyncContext;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs users out of MoonKey, the {@code HttpSession} and the browser's cookies.
 *
 * <p>A WAR adds it with one mapping; the secret key comes from the environment ({@code
 * MOONKEY_SECRET_KEY}), never from {@code web.xml}:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>moonkey-logout</filter-name>
 *   <filter-class>fun.moonkey.servlet.LogoutFilter</filter-class>
 *   <init-param>
 *     <param-name>redirect</param-name>
 *     <param-value>/signed-out</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>moonkey-logout</filter-name>
 *   <url-pattern>/logout</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Every key of {@link ConfigKeys} may be an init-param, a context-param {@code moonkey.key}, a
 * system property {@code moonkey.key} or an environment variable {@code MOONKEY_KEY}, first found
 * wins. A bad value stops {@link #init} with a {@link ServletException} naming the key.
 *
 * <p>On a logout request (every mapped request, or only {@code logout-path} when set) with an
 * allowed method (default {@code POST}) it revokes the MoonKey session, invalidates the {@code
 * HttpSession}, expires the auth cookies and answers {@code 303 See Other} to {@code redirect}, or
 * JSON to {@code fetch}/XHR callers. Other methods get {@code 405} and change nothing; other paths
 * pass down the chain untouched. MoonKey being down or slow never stops the local logout, and never
 * holds the answer past {@code timeout}.
 *
 * <p>Without any {@code web.xml}, the context-param {@code moonkey.logout-path} alone makes {@link
 * MoonKeyInitializer} register this filter. With {@code revoke-on-session-end=true} (the default)
 * an {@code HttpSession} that times out or is invalidated by other code has its MoonKey session
 * revoked too, by {@link SessionEndRevoker}.
 *
 * <p>With {@code scopes} set, a {@code scope=all} or {@code scope=others} parameter logs the user
 * out of every MoonKey session, or of every other one (see {@link
 * fun.moonkey.logout.EverywhereLogout}).
 *
 * <p>Its MoonKey client comes from the web application's {@link SharedServices} registry: a {@code
 * LogoutResource} of the same application with the same configuration uses the same one.
 *
 * <p>Before anything changes, {@link LogoutGuard} decides: a cross-site request ({@code
 * Sec-Fetch-Site}, else {@code Origin}, else {@code Referer}) and a prefetch get {@code 403}; a
 * CORS preflight from an {@code allowed-origins} origin gets {@code 204}. Behind a proxy listed in
 * {@code trusted-proxies}, {@code X-Forwarded-Proto}/{@code Forwarded} decide whether the request
 * is secure, which the cookie deletions and {@code Clear-Site-Data} follow. With {@code
 * return-to-parameter} set, a safe request-chosen target replaces {@code redirect}. Every answer
 * carries {@code Cache-Control: no-store}.
 */
public final class LogoutFilter implements Filter {

  private static final Logger LOG = System.getLogger(LogoutFilter.class.getName());
  private static final long ASYNC_TIMEOUT_MARGIN_MILLIS = 5_000;
  private static final String SCOPE_PARAMETER = "scope";

  private final MoonKeyConfig given;
  private MoonKeyConfig config;
  private ServiceRegistry.Lease lease;
  private LogoutService service;
  private LogoutFlow flow;
  private String logoutPath;
  private ServletContext servletContext;
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
    this.given = java.util.Objects.requireNonNull(config, "config");
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
    flow = service.flow();
    logoutPath = config.logoutPath().orElse(null);
    servletContext = filterConfig.getServletContext();
    if (config.revokeOnSessionEnd()) {
      SessionEndRevoker.publish(servletContext, service);
    }
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
        || !(res instanceof HttpServletResponse response)
        || (logoutPath != null && !isLogoutPath(request))) {
      chain.doFilter(req, res);
      return;
    }
    LogoutGuard.Check check = service.guard().check(ServletRequestFacts.of(request));
    if (check.outcome() != LogoutGuard.Outcome.LOGOUT) {
      refuse(request, response, check);
      return;
    }
    String scope = scope(request);
    if (scope != null) {
      everywhere(request, response, check, scope);
      return;
    }
    CompletableFuture<LogoutResult> logout =
        flow.logout(new ServletLogoutRequest(request, check.secure())).toCompletableFuture();
    if (logout.isDone()) {
      // Nothing to wait for (no credential): answering now costs less than going async.
      answer(request, response, logout.join(), check);
    } else if (request.isAsyncSupported()) {
      answerAsync(request, response, logout, check);
    } else {
      logBlockingOnce();
      answer(request, response, logout.join(), check);
    }
  }

  /**
   * Releases the container thread while MoonKey answers: the stage completes within the configured
   * timeout, and the answer is written from the thread that completes it.
   */
  private void answerAsync(
      HttpServletRequest request,
      HttpServletResponse response,
      CompletionStage<LogoutResult> logout,
      LogoutGuard.Check check) {
    AsyncContext async = request.startAsync(request, response);
    // The flow's own deadline ends the wait; this only guards against a stage that never ends.
    async.setTimeout(config.timeout().toMillis() + ASYNC_TIMEOUT_MARGIN_MILLIS);
    logout.whenComplete(
        (result, failure) -> {
          try {
            if (result != null) {
              answer(request, response, result, check);
            } else {
              LOG.log(Level.ERROR, "Logout flow failed unexpectedly", failure);
              response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not write the logout answer: client gone?", e);
          } finally {
            async.complete();
          }
        });
  }

  /** The {@code scope} parameter when {@code scopes} allows it, else null: this session only. */
  private String scope(HttpServletRequest request) {
    if (config.scopes().isEmpty()) {
      return null;
    }
    String scope = parameter(request, SCOPE_PARAMETER);
    return scope != null && config.scopes().contains(scope) ? scope : null;
  }

  private void everywhere(
      HttpServletRequest request,
      HttpServletResponse response,
      LogoutGuard.Check check,
      String scope)
      throws IOException {
    CompletableFuture<EverywhereLogout.Result> logout =
        service
            .everywhere()
            .logout(new ServletLogoutRequest(request, check.secure()), scope)
            .toCompletableFuture();
    if (logout.isDone() || !request.isAsyncSupported()) {
      answerEverywhere(request, response, logout.join(), check);
      return;
    }
    AsyncContext async = request.startAsync(request, response);
    // Verify, list and the deletions each have the timeout budget.
    async.setTimeout(3 * config.timeout().toMillis() + ASYNC_TIMEOUT_MARGIN_MILLIS);
    logout.whenComplete(
        (result, failure) -> {
          try {
            if (result != null) {
              answerEverywhere(request, response, result, check);
            } else {
              LOG.log(Level.ERROR, "Logout everywhere failed unexpectedly", failure);
              response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not write the logout answer: client gone?", e);
          } finally {
            async.complete();
          }
        });
  }

  private void answerEverywhere(
      HttpServletRequest request,
      HttpServletResponse response,
      EverywhereLogout.Result result,
      LogoutGuard.Check check)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    setHeaders(
        response,
        service.answerHeaders(
            check, new LogoutResult(result.status(), Map.of(), result.setCookies())));
    ResponseMode mode =
        ResponseMode.of(request.getHeader("Accept"), request.getHeader("X-Requested-With"));
    LogoutAnswer answer = result.answer(config.onRevocationFailure());
    if (mode == ResponseMode.JSON) {
      byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
      response.setStatus(answer.status());
      response.setContentType(LogoutAnswer.CONTENT_TYPE);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } else if (answer.status() >= 500 && config.onRevocationFailure() == FailurePolicy.FAIL) {
      response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Logout failed");
    } else {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", location(request, check));
    }
  }

  private void logBlockingOnce() {
    if (blockingLogged.compareAndSet(false, true)) {
      LOG.log(
          Level.INFO,
          "MoonKey LogoutFilter runs in blocking mode (within the {0} ms timeout): the filter or"
              + " a servlet in its chain is not async-supported; mark them"
              + " <async-supported>true</async-supported> to release container threads while"
              + " MoonKey answers",
          config.timeout().toMillis());
    }
  }

  /** Answers a request that must not log out; nothing has changed. */
  private void refuse(
      HttpServletRequest request, HttpServletResponse response, LogoutGuard.Check check)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    setHeaders(response, service.answerHeaders(check, null));
    LogoutAnswer answer = LogoutAnswer.refused(check.outcome());
    response.setStatus(answer.status());
    if (answer.json() != null) {
      ResponseMode mode =
          ResponseMode.of(request.getHeader("Accept"), request.getHeader("X-Requested-With"));
      byte[] body =
          (mode == ResponseMode.JSON ? answer.json() : "Logout refused\n")
              .getBytes(StandardCharsets.UTF_8);
      response.setContentType(
          mode == ResponseMode.JSON ? LogoutAnswer.CONTENT_TYPE : "text/plain;charset=UTF-8");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  private boolean isLogoutPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri.length() == context.length() + logoutPath.length()
        && uri.startsWith(context)
        && uri.startsWith(logoutPath, context.length());
  }

  private void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      LogoutResult result,
      LogoutGuard.Check check)
      throws IOException {
    if (response.isCommitted()) {
      LOG.log(Level.DEBUG, "Logout done, but the response was already committed: no answer sent");
      return;
    }
    setHeaders(response, service.answerHeaders(check, result));
    ResponseMode mode =
        ResponseMode.of(request.getHeader("Accept"), request.getHeader("X-Requested-With"));
    LogoutAnswer json = LogoutAnswer.of(result.status(), config.onRevocationFailure());
    if (mode == ResponseMode.JSON) {
      byte[] body = json.json().getBytes(StandardCharsets.UTF_8);
      response.setStatus(json.status());
      response.setContentType(LogoutAnswer.CONTENT_TYPE);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } else if (json.status() >= 500 && config.onRevocationFailure() == FailurePolicy.FAIL) {
      response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Logout failed");
    } else {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", location(request, check));
    }
  }

  private String location(HttpServletRequest request, LogoutGuard.Check check) {
    String requested =
        service.returnTargets().parameter().map(name -> parameter(request, name)).orElse(null);
    return service.location(check, requested, request.getContextPath());
  }

  private static void setHeaders(
      HttpServletResponse response, List<Map.Entry<String, String>> headers) {
    for (Map.Entry<String, String> header : headers) {
      response.addHeader(header.getKey(), header.getValue());
    }
  }

  /** A request parameter, or null when absent or when the body cannot be read as a form. */
  private static String parameter(HttpServletRequest request, String name) {
    try {
      return request.getParameter(name);
    } catch (RuntimeException unreadable) {
      // Containers throw on a malformed form body; a bad target falls back like a missing one.
      LOG.log(Level.DEBUG, "Request parameters unreadable; using the configured redirect");
      return null;
    }
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
