package fun.moonkey.metrics;

import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.credential.Credential;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.management.ObjectName;

/**
 * The JMX face of an administrator's end of a user's sessions: {@link #endAllSessionsOf} runs the
 * client's {@code LogoutService.endAllSessionsOf} and answers one line. Registered by the
 * application's service registry beside {@link LogoutMetrics}, for as long as the client runs.
 * Whoever may invoke operations on the platform MBean server may call it: restrict JMX as you would
 * for any operation that changes state. Thread-safe.
 */
public final class SessionAdmin implements SessionAdminMXBean {

  private static final Logger LOG = System.getLogger(SessionAdmin.class.getName());

  private final Function<String, CompletionStage<LogoutSummary>> end;
  private final Duration wait;

  /**
   * @param end the client's {@code endAllSessionsOf}
   * @param timeout the client's {@code timeout}; the operation waits for it and one second more
   */
  public SessionAdmin(Function<String, CompletionStage<LogoutSummary>> end, Duration timeout) {
    this.end = Objects.requireNonNull(end, "end");
    this.wait = Objects.requireNonNull(timeout, "timeout").plusSeconds(1);
  }

  /**
   * The name of a client's operation MBean: {@code
   * fun.moonkey:type=SessionAdmin,context="/app",id=0}, with the context and id of its {@link
   * LogoutMetrics#objectName}.
   */
  public static ObjectName objectName(String context, int id) {
    return PlatformMBeans.name("SessionAdmin", context, id);
  }

  /**
   * Registers this as an MBean of the platform MBean server; failing to register is logged.
   *
   * @return unregisters it; idempotent
   */
  public AutoCloseable register(ObjectName name) {
    return PlatformMBeans.register(this, name, "MoonKey session administration", LOG);
  }

  @Override
  public String endAllSessionsOf(String userId) {
    CompletionStage<LogoutSummary> stage = end.apply(userId);
    String user = "user_id#" + Credential.hashOf(userId);
    LogoutSummary summary;
    try {
      summary = stage.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      return "RUNNING: MoonKey has not answered for "
          + user
          + " within "
          + wait.toMillis()
          + " ms; the outcome goes to the log";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "RUNNING: interrupted while waiting for MoonKey; the outcome goes to the log";
    } catch (ExecutionException e) {
      // The stage never completes exceptionally; should it, say so rather than throw a type that
      // a remote JMX client may not have.
      return "FAILED: " + e.getCause().getClass().getSimpleName() + "; see the log";
    }
    return describe(summary, user);
  }

  /** The one line for a summary. */
  static String describe(LogoutSummary summary, String user) {
    return switch (summary.status()) {
      case NO_SESSION -> "NO_SESSION: " + user + " has no MoonKey session";
      case REVOKED -> "REVOKED: " + counts(summary, user);
      case PENDING ->
          summary.othersPending()
              ? "PENDING: the sessions of "
                  + user
                  + " could not be listed now; the retrier revokes them when MoonKey is back"
              : "PENDING: " + counts(summary, user);
      case FAILED -> "FAILED: " + counts(summary, user) + "; see the log";
    };
  }

  private static String counts(LogoutSummary summary, String user) {
    return (summary.revoked() + summary.pending() + summary.failed())
        + " session(s) of "
        + user
        + ": "
        + summary.revoked()
        + " revoked, "
        + summary.pending()
        + " pending, "
        + summary.failed()
        + " failed";
  }
}
