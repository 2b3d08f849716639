package fun.moonkey.logout;

import fun.moonkey.answer.LogoutResponder;
import fun.moonkey.answer.ResponseMode;
import fun.moonkey.answer.SessionsResponder;
import fun.moonkey.credential.Credential;
import fun.moonkey.security.LogoutGuard;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * "Your devices" over HTTP ({@code sessions-api}), what both entry points run: {@code GET
 * {logout-path}/sessions} lists the signed-in user's MoonKey sessions, {@code POST
 * {logout-path}/sessions/end} with {@code session_id} ends one of the others. Each request passes a
 * guard first, as a logout does ({@link LogoutGuard}: method, prefetch, {@code
 * Sec-Fetch-Site}/{@code Origin} against {@code allowed-origins}, CORS), with {@code GET} the
 * list's only method and {@code POST} the end's. Answers are always JSON ({@link
 * SessionsResponder}). Thread-safe.
 */
public final class SessionsEndpoint {

  /** The list's path under the logout path. */
  public static final String LIST_PATH = "/sessions";

  /** The end's path under the logout path. */
  public static final String END_PATH = "/sessions/end";

  /** The field of the end's body (a form, or a JSON object) naming the session. */
  public static final String SESSION_ID = "session_id";

  private final LogoutGuard listGuard;
  private final LogoutGuard endGuard;
  private final LogoutService service;
  private final LogoutResponder refusals;
  private final SessionsResponder responder;

  SessionsEndpoint(
      LogoutGuard listGuard,
      LogoutGuard endGuard,
      LogoutService service,
      LogoutResponder refusals,
      SessionsResponder responder) {
    this.listGuard = Objects.requireNonNull(listGuard, "listGuard");
    this.endGuard = Objects.requireNonNull(endGuard, "endGuard");
    this.service = Objects.requireNonNull(service, "service");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /**
   * A request to the list's path.
   *
   * @return the answer; never completes exceptionally, never past {@code timeout}
   */
  public CompletionStage<LogoutResponder.Answer> list(LogoutExchange exchange) {
    LogoutGuard.Check check = listGuard.check(exchange.facts());
    if (check.outcome() != LogoutGuard.Outcome.LOGOUT) {
      return done(refusals.refused(check, ResponseMode.JSON));
    }
    return service
        .sessionsOf(exchange.request(check.secure()))
        .thenApply(list -> responder.list(check, list));
  }

  /**
   * A request to the end's path. The {@code session_id} is read on the caller's thread.
   *
   * @param logoutPath the path of the logout (context path included), which a {@code 409} names for
   *     the current session
   * @return the answer; never completes exceptionally, never past {@code timeout}
   */
  public CompletionStage<LogoutResponder.Answer> end(LogoutExchange exchange, String logoutPath) {
    LogoutGuard.Check check = endGuard.check(exchange.facts());
    if (check.outcome() != LogoutGuard.Outcome.LOGOUT) {
      return done(refusals.refused(check, ResponseMode.JSON));
    }
    Optional<String> id = exchange.bodyField(SESSION_ID).filter(Credential::isAcceptable);
    if (id.isEmpty()) {
      return done(responder.noSessionId(check));
    }
    return service
        .endSession(exchange.request(check.secure()), id.get())
        .thenApply(end -> responder.end(check, end, logoutPath));
  }

  /**
   * The guard's answer to a request that is neither a list nor an end, such as a CORS preflight;
   * empty when the guard would let it through.
   *
   * @param end true for the end's path, false for the list's
   */
  public Optional<LogoutResponder.Answer> refusal(LogoutExchange exchange, boolean end) {
    LogoutGuard.Check check = (end ? endGuard : listGuard).check(exchange.facts());
    return check.outcome() == LogoutGuard.Outcome.LOGOUT
        ? Optional.empty()
        : Optional.of(refusals.refused(check, ResponseMode.JSON));
  }

  private static CompletionStage<LogoutResponder.Answer> done(LogoutResponder.Answer answer) {
    return CompletableFuture.completedFuture(answer);
  }
}
