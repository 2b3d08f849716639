package fun.moonkey.logout;

import fun.moonkey.answer.LogoutResponder;
import fun.moonkey.answer.ResponseMode;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.security.LogoutGuard;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The user's logout, the one use case every entry point runs: the guard decides whether the request
 * may log out; the scope comes from its {@code scope} parameter where {@code scopes} allows one;
 * the logout does the local steps and asks MoonKey; the responder builds the answer. Entry points
 * only translate their HTTP API into a {@link LogoutExchange} and the {@link
 * LogoutResponder.Answer} back. Thread-safe.
 */
public final class LogoutEndpoint {

  private final MoonKeyConfig config;
  private final LogoutGuard guard;
  private final LogoutService service;
  private final LogoutResponder responder;

  LogoutEndpoint(
      MoonKeyConfig config, LogoutGuard guard, LogoutService service, LogoutResponder responder) {
    this.config = Objects.requireNonNull(config, "config");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.service = Objects.requireNonNull(service, "service");
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /**
   * Handles one request to the logout path. Parameters are read before this returns, on the
   * caller's thread; the stage may complete on the MoonKey client's thread, never past {@code
   * timeout}.
   *
   * @return the answer; already complete when the guard refuses or there is nothing to revoke;
   *     never completes exceptionally
   */
  public CompletionStage<LogoutResponder.Answer> handle(LogoutExchange exchange) {
    LogoutGuard.Check check = guard.check(exchange.facts());
    ResponseMode mode = exchange.mode();
    if (check.outcome() != LogoutGuard.Outcome.LOGOUT) {
      return CompletableFuture.completedFuture(
          confirmation(exchange, check, mode).orElseGet(() -> responder.refused(check, mode)));
    }
    // A form body is read only when a setting asks for one of its fields.
    Scope scope =
        config.scopes().isEmpty()
            ? Scope.SESSION
            : service.scope(exchange.parameter("scope").orElse(null));
    String requested = responder.returnToParameter().flatMap(exchange::parameter).orElse(null);
    String contextPath = exchange.contextPath();
    return service
        .logout(exchange.request(check.secure()), scope)
        .thenApply(result -> responder.logout(check, result, mode, requested, contextPath));
  }

  /**
   * The page that asks before logging out, for a browser's {@code GET} or {@code HEAD} under {@code
   * get-logout=confirm}; empty for any other request (a JSON caller's GET keeps its {@code 405}).
   * Nothing changes either way.
   */
  public Optional<LogoutResponder.Answer> confirmation(LogoutExchange exchange) {
    return confirmation(exchange, guard.check(exchange.facts()), exchange.mode());
  }

  private Optional<LogoutResponder.Answer> confirmation(
      LogoutExchange exchange, LogoutGuard.Check check, ResponseMode mode) {
    String method = exchange.facts().method();
    // get-logout=confirm never stands with GET among the methods, so the guard refuses a GET.
    if (check.outcome() != LogoutGuard.Outcome.METHOD_NOT_ALLOWED
        || mode != ResponseMode.REDIRECT
        || !responder.confirms(method)) {
      return Optional.empty();
    }
    Scope scope =
        config.scopes().isEmpty()
            ? Scope.SESSION
            : service.scope(exchange.parameter("scope").orElse(null));
    return Optional.of(responder.confirmation(scope, method.equals("HEAD")));
  }

  /**
   * The guard's answer to a request that is not a logout, such as a CORS preflight ({@code
   * OPTIONS}); empty when the guard would let it log out, which an entry point refuses on its own.
   */
  public Optional<LogoutResponder.Answer> refusal(LogoutExchange exchange) {
    LogoutGuard.Check check = guard.check(exchange.facts());
    return check.outcome() == LogoutGuard.Outcome.LOGOUT
        ? Optional.empty()
        : Optional.of(responder.refused(check, exchange.mode()));
  }
}
