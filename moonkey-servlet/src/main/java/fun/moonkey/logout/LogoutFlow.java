package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.pending.RevocationRetrier;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one logout flow both entry points share: find the credentials, start their revocation at
 * MoonKey, invalidate the server-side session, build the cookie deletions, and summarise. The local
 * steps happen at once and whatever MoonKey does; the returned stage completes when MoonKey has
 * answered or the timeout has passed. A revocation that failed transiently is handed to the {@link
 * RevocationRetrier} (and, with a store, is on disk) before the stage completes; {@link
 * LogoutResult.Status#PENDING} means exactly that. Thread-safe.
 */
public final class LogoutFlow {

  private static final Logger LOG = System.getLogger(LogoutFlow.class.getName());

  private final CredentialLookup lookup;
  private final SessionRevoker revoker;
  private final CookieExpiry cookies;
  private final RevocationRetrier retrier;
  private final LogoutEvents events;

  /**
   * A flow without a background retrier: a transient failure is reported {@code PENDING} but is
   * only logged, never retried. For tests of the local steps; applications use {@link
   * LogoutService}.
   *
   * @param config the configuration
   * @param revoker the MoonKey client; not closed by this flow
   */
  public LogoutFlow(MoonKeyConfig config, SessionRevoker revoker) {
    this(config, revoker, null);
  }

  /**
   * @param config the configuration
   * @param revoker the MoonKey client; not closed by this flow
   * @param retrier where transient failures go; not closed by this flow
   */
  public LogoutFlow(MoonKeyConfig config, SessionRevoker revoker, RevocationRetrier retrier) {
    this(config, revoker, retrier, LogoutEvents.none());
  }

  /**
   * @param config the configuration
   * @param revoker the MoonKey client; not closed by this flow
   * @param retrier where transient failures go; not closed by this flow
   * @param events the listeners told before and after each logout ({@link Trigger#USER})
   */
  public LogoutFlow(
      MoonKeyConfig config,
      SessionRevoker revoker,
      RevocationRetrier retrier,
      LogoutEvents events) {
    this.lookup = new CredentialLookup(config);
    this.revoker = Objects.requireNonNull(revoker, "revoker");
    this.cookies = new CookieExpiry(config);
    this.retrier = retrier;
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Logs a request out. The session is invalidated and the cookie deletions computed before this
   * method returns; the stage carries MoonKey's part.
   *
   * @param request the request
   * @return the result; never completes exceptionally
   */
  public CompletionStage<LogoutResult> logout(LogoutRequest request) {
    List<Credential> credentials = lookup.find(request);
    boolean told = !events.isEmpty();
    List<String> names = told ? LogoutFlow.names(credentials) : List.of();
    if (told) {
      events.before(new BeforeLogout(Trigger.USER, names, request::sessionAttribute));
    }
    Map<Credential, CompletableFuture<RevocationOutcome>> pending = new LinkedHashMap<>();
    for (Credential credential : credentials) {
      pending.put(credential, revoker.revoke(credential).toCompletableFuture());
    }
    boolean invalidated = request.invalidateSession();
    List<String> setCookies = cookies.headers(request);
    LOG.log(
        Level.DEBUG,
        () ->
            "Logout: "
                + credentials.size()
                + " credential(s) found, session "
                + (invalidated ? "invalidated" : "absent")
                + ", "
                + setCookies.size()
                + " cookie(s) expired");
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<Credential, RevocationOutcome> outcomes = new LinkedHashMap<>();
              boolean refused = false;
              for (Map.Entry<Credential, CompletableFuture<RevocationOutcome>> entry :
                  pending.entrySet()) {
                RevocationOutcome outcome = entry.getValue().join();
                outcomes.put(entry.getKey(), outcome);
                if (outcome.isRetryable() && retrier != null) {
                  refused |= !retrier.enqueue(entry.getKey());
                }
              }
              LogoutResult.Status status = summarise(outcomes);
              // A revocation the retrier could not take is not pending: it has failed.
              if (refused && status == LogoutResult.Status.PENDING) {
                status = LogoutResult.Status.FAILED;
              }
              if (told) {
                events.after(
                    new AfterLogout(
                        Trigger.USER, LogoutOutcome.of(status, outcomes.values()), names));
              }
              return new LogoutResult(status, outcomes, setCookies);
            });
  }

  /**
   * @param credentials credentials
   * @return each as {@code field#hash}, as events carry them
   */
  public static List<String> names(List<Credential> credentials) {
    return credentials.stream().map(Credential::hash).toList();
  }

  static LogoutResult.Status summarise(Map<Credential, RevocationOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return LogoutResult.Status.NO_SESSION;
    }
    boolean pending = false;
    for (RevocationOutcome outcome : outcomes.values()) {
      if (!outcome.isRevoked() && !outcome.isRetryable()) {
        return LogoutResult.Status.FAILED;
      }
      pending |= outcome.isRetryable();
    }
    return pending ? LogoutResult.Status.PENDING : LogoutResult.Status.REVOKED;
  }
}
