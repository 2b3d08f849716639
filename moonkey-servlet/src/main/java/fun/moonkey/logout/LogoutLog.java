package fun.moonkey.logout;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.credential.Credential;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.security.LogSafe;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one line every logout leaves in the log, whatever triggered it: what MoonKey's part came to,
 * credentials by their hash only. INFO when the sessions are revoked, were already gone or are
 * queued for the background retrier (which logs again when it delivers or gives up); DEBUG when
 * there was no MoonKey session to revoke (a local logout only); WARNING when a revocation failed
 * for good or the user's sessions could not be listed; ERROR when MoonKey refused the secret key or
 * TLS failed, naming the setting to check. The revoker logs each call of a logout at DEBUG only, so
 * that a logout is one line at the default levels, never one per attempt. Its logger, {@code
 * fun.moonkey.logout.LogoutLog}, can be turned down alone.
 */
final class LogoutLog {

  private static final Logger LOG = System.getLogger(LogoutLog.class.getName());

  /** The most credentials one line names; a longer batch ends with {@code … and N more}. */
  static final int MAX_NAMED = 10;

  private LogoutLog() {}

  /**
   * Logs why the sessions of a user could not be listed: ERROR naming the setting when MoonKey
   * refused the secret key, WARNING otherwise.
   *
   * @param whose the user as the line names them: {@code a user}, or {@code user_id#1a2b3c4d}
   * @param outcome what the list came to
   */
  static void listFailed(String whose, RevocationOutcome outcome) {
    if (outcome instanceof RevocationOutcome.Unauthorised refused) {
      LOG.log(Level.ERROR, "Could not list the sessions of " + whose + ": " + refusedKey(refused));
    } else {
      LOG.log(
          Level.WARNING,
          "Could not list the sessions of " + whose + ": " + LogSafe.escape(outcome.describe()));
    }
  }

  /** MoonKey's refusal of the secret key, and the setting to check. */
  private static String refusedKey(RevocationOutcome.Unauthorised refused) {
    return "MoonKey refused the secret key (HTTP "
        + refused.status()
        + "): check the setting "
        + ConfigKeys.PREFIX
        + ConfigKeys.SECRET_KEY
        + " (environment variable "
        + ConfigKeys.envName(ConfigKeys.SECRET_KEY)
        + ")";
  }

  /**
   * Logs how a logout ended.
   *
   * @param trigger what started it
   * @param summary what MoonKey's part came to
   * @param elapsed how long MoonKey's part took
   */
  static void log(Trigger trigger, LogoutSummary summary, Duration elapsed) {
    log(trigger, List.of(), summary, elapsed);
  }

  /**
   * Logs how a logout ended.
   *
   * @param trigger what started it
   * @param names what the listeners are told of; for {@link Trigger#ADMIN} its first names the user
   *     ({@code user_id#1a2b3c4d}), which the line names too
   * @param summary what MoonKey's part came to
   * @param elapsed how long MoonKey's part took
   */
  static void log(Trigger trigger, List<String> names, LogoutSummary summary, Duration elapsed) {
    Level level = level(trigger, summary);
    if (LOG.isLoggable(level)) {
      LOG.log(level, line(trigger, names, summary, elapsed));
    }
  }

  /** The line's level: the most severe of its outcomes. */
  static Level level(Trigger trigger, LogoutSummary summary) {
    if (summary.outcomes().isEmpty()) {
      if (summary.status() == LogoutResult.Status.FAILED) {
        return Level.WARNING;
      }
      // Nothing at MoonKey: no revoked, pending or failed outcome to report; an administrator's
      // request is reported all the same.
      return trigger == Trigger.ADMIN ? Level.INFO : Level.DEBUG;
    }
    Level level = summary.failed() > 0 ? Level.WARNING : Level.INFO;
    for (RevocationOutcome outcome : summary.outcomes().values()) {
      if (outcome instanceof RevocationOutcome.Unauthorised
          || outcome instanceof RevocationOutcome.TlsFailure) {
        return Level.ERROR;
      }
    }
    return level;
  }

  /** The line, for example {@code Logout: session_token#3fa2c1d4 revoked at MoonKey in 84 ms}. */
  static String line(Trigger trigger, LogoutSummary summary, Duration elapsed) {
    return line(trigger, List.of(), summary, elapsed);
  }

  /** The line, for the {@code names} of {@link #log(Trigger, List, LogoutSummary, Duration)}. */
  static String line(Trigger trigger, List<String> names, LogoutSummary summary, Duration elapsed) {
    String prefix = prefix(trigger, names);
    long ms = elapsed.toMillis();
    Map<Credential, RevocationOutcome> outcomes = summary.outcomes();
    if (outcomes.isEmpty()) {
      return summary.status() == LogoutResult.Status.FAILED
          ? prefix + ": failed: the user's sessions could not be listed at MoonKey"
          : prefix + ": no MoonKey session to revoke";
    }
    if (summary.othersPending()) {
      Map.Entry<Credential, RevocationOutcome> only = outcomes.entrySet().iterator().next();
      return prefix
          + ": the sessions of "
          + (trigger == Trigger.ADMIN ? "the user" : "the user of " + only.getKey().hash())
          + " could not be listed at MoonKey in "
          + ms
          + " ms ("
          + (only.getValue() instanceof TransientFailure failure
              ? why(failure)
              : LogSafe.escape(only.getValue().describe()))
          + "); revoking them in the background";
    }
    if (outcomes.size() == 1) {
      Map.Entry<Credential, RevocationOutcome> only = outcomes.entrySet().iterator().next();
      return prefix + ": " + one(only.getKey(), only.getValue(), summary.failed() > 0, ms);
    }
    List<Map.Entry<Credential, RevocationOutcome>> sorted =
        outcomes.entrySet().stream()
            .sorted(Comparator.comparing(entry -> entry.getKey().hash()))
            .toList();
    // The retrier refused some (logged there at ERROR by hash) when failures outnumber refusals.
    long refusals =
        outcomes.values().stream().filter(o -> !o.isRevoked() && !o.isRetryable()).count();
    boolean allQueued = summary.failed() == refusals;
    StringJoiner each = new StringJoiner(", ", " (", ")");
    for (Map.Entry<Credential, RevocationOutcome> entry : sorted.subList(0, named(sorted))) {
      each.add(entry.getKey().hash() + " " + brief(entry.getValue(), allQueued));
    }
    String more =
        sorted.size() > MAX_NAMED ? " … and " + (sorted.size() - MAX_NAMED) + " more" : "";
    return prefix
        + ": "
        + outcomes.size()
        + " sessions at MoonKey in "
        + ms
        + " ms: "
        + summary.revoked()
        + " revoked, "
        + summary.pending()
        + " pending, "
        + summary.failed()
        + " failed"
        + each
        + more;
  }

  private static int named(List<?> all) {
    return Math.min(all.size(), MAX_NAMED);
  }

  private static String prefix(Trigger trigger, List<String> names) {
    return switch (trigger) {
      case USER -> "Logout";
      case EVERYWHERE -> "Logout everywhere";
      case SESSION_EXPIRED -> "Session end";
      case ADMIN ->
          "Administrator's end of every session of " + (names.isEmpty() ? "a user" : names.get(0));
      case SESSION_LIST -> "Session ended from the user's list";
    };
  }

  /** One credential's outcome, the whole sentence after the prefix. */
  private static String one(
      Credential credential, RevocationOutcome outcome, boolean notQueued, long ms) {
    String hash = credential.hash();
    if (outcome instanceof RevocationOutcome.Revoked revoked) {
      return hash + " revoked at MoonKey in " + ms + " ms (HTTP " + revoked.status() + ")";
    }
    if (outcome instanceof RevocationOutcome.AlreadyGone) {
      return hash + " already gone at MoonKey in " + ms + " ms (HTTP 404)";
    }
    if (outcome instanceof TransientFailure failure) {
      return notQueued
          ? hash
              + " failed after "
              + ms
              + " ms: "
              + why(failure)
              + ", and the retrier could not queue it"
          : hash + " pending after " + ms + " ms: " + why(failure) + "; retrying in the background";
    }
    if (outcome instanceof RevocationOutcome.Unauthorised refused) {
      return hash + " failed: " + refusedKey(refused);
    }
    if (outcome instanceof RevocationOutcome.TlsFailure tls) {
      return hash
          + " failed: TLS with MoonKey failed ("
          + tls.reason()
          + "); not retried: check the trust store and the setting "
          + ConfigKeys.PREFIX
          + ConfigKeys.API_URL;
    }
    return hash
        + " failed: MoonKey rejected it ("
        + LogSafe.escape(outcome.describe())
        + "); not retried";
  }

  /** One credential's outcome in a line that names several. */
  private static String brief(RevocationOutcome outcome, boolean queued) {
    if (outcome.isRevoked()) {
      return "revoked (" + outcome.describe() + ")";
    }
    if (outcome instanceof TransientFailure failure) {
      return (queued ? "pending: " : "not revoked now: ") + why(failure);
    }
    return "failed: " + LogSafe.escape(outcome.describe());
  }

  /** Why a revocation failed for now, in a user's words. */
  private static String why(TransientFailure failure) {
    String reason = LogSafe.escape(failure.reason());
    if (failure.kind() != TransientFailure.Kind.CALL) {
      return reason;
    }
    return failure.status() > 0
        ? "MoonKey answered " + reason
        : "MoonKey could not be reached (" + reason + ")";
  }
}
