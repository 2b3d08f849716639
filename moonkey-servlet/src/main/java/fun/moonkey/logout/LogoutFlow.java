package fun.moonkey.logout;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.Trigger;
import fun.moonkey.local.LocalLogout;
import fun.moonkey.local.LogoutRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A user's logout of this session: find the credentials, run the local logout ({@link LocalLogout}:
 * the session, the cookies, the site's data), then start the revocation (through {@link
 * LogoutCore}). The local steps happen first, at once and whatever MoonKey does; the returned stage
 * completes when MoonKey has answered or the timeout has passed, after what failed for now is
 * queued for retry ({@link LogoutResult.Status#PENDING} means exactly that). Thread-safe.
 */
final class LogoutFlow {

  private static final Logger LOG = System.getLogger(LogoutFlow.class.getName());

  private final CredentialLookup lookup;
  private final LocalLogout local;
  private final LogoutCore core;
  private final LogoutEvents events;

  /**
   * @param config the configuration
   * @param core MoonKey's part, shared with the other triggers
   * @param events the listeners told before each logout (the core tells them after)
   */
  LogoutFlow(MoonKeyConfig config, LogoutCore core, LogoutEvents events) {
    this.lookup = new CredentialLookup(config);
    this.local = new LocalLogout(config);
    this.core = Objects.requireNonNull(core, "core");
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
    List<String> names = events.isEmpty() ? List.of() : names(credentials);
    if (!events.isEmpty()) {
      events.before(new BeforeLogout(Trigger.USER, names, request::sessionAttribute));
    }
    // The local steps first: nothing MoonKey's part does, or throws, may skip them.
    LocalLogout.Done done = local.run(request);
    CompletionStage<LogoutSummary> revoked =
        core.logout(Trigger.USER, names, credentials, core.budget());
    LOG.log(
        Level.DEBUG,
        () ->
            "Logout: "
                + credentials.size()
                + " credential(s) found, session "
                + (done.sessionEnded() ? "invalidated" : "absent")
                + ", "
                + done.setCookies().size()
                + " cookie(s) expired");
    return revoked.thenApply(summary -> new LogoutResult(Scope.SESSION, summary, done));
  }

  /**
   * @param credentials credentials
   * @return each as {@code field#hash}, as events carry them
   */
  public static List<String> names(List<Credential> credentials) {
    return credentials.stream().map(Credential::hash).toList();
  }
}
