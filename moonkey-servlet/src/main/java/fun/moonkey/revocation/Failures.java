package fun.moonkey.revocation;

import fun.moonkey.security.LogSafe;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** A throwable of a call to MoonKey as a typed outcome whose reason is safe to log. */
final class Failures {

  private Failures() {}

  /**
   * The cause a {@code CompletionException}, {@code ExecutionException} or {@code
   * UncheckedIOException} wraps.
   */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException
            || cause instanceof ExecutionException
            || cause instanceof UncheckedIOException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * @param secrets values the reason must not show (the secret key, the credential)
   * @return a {@link RevocationOutcome.TlsFailure} when the chain holds an {@link SSLException},
   *     else a {@link RevocationOutcome.TransientFailure} whose reason is the root cause's class
   *     and its message, escaped for a log line and with every secret masked
   */
  static RevocationOutcome outcome(Throwable failure, String... secrets) {
    Throwable cause = unwrap(failure);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new RevocationOutcome.TlsFailure(describe(t, secrets), t);
      }
    }
    RevocationOutcome.TransientFailure.Kind kind =
        isTimeout(cause)
            ? RevocationOutcome.TransientFailure.Kind.OUT_OF_TIME
            : RevocationOutcome.TransientFailure.Kind.CALL;
    return new RevocationOutcome.TransientFailure(
        0, describe(cause, secrets), Optional.empty(), cause, kind);
  }

  /**
   * True for the client's own timeouts, which are set to what remains of the budget: the budget's
   * end. A connect or response timeout is an {@link InterruptedIOException} ({@code
   * SocketTimeoutException}, HttpClient's {@code ConnectTimeoutException}); waiting for a pooled
   * connection ends with a {@link TimeoutException}.
   */
  static boolean isTimeout(Throwable cause) {
    return cause instanceof InterruptedIOException || cause instanceof TimeoutException;
  }

  /** {@code ConnectException} or {@code NoClassDefFoundError: org/…/Connector}, safe to log. */
  static String describe(Throwable t, String... secrets) {
    String name = t.getClass().getSimpleName();
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return name;
    }
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        message = message.replace(secret, "****");
      }
    }
    return name + ": " + LogSafe.escape(message);
  }
}
