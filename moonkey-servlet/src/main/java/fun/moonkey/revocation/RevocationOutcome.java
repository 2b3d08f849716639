package fun.moonkey.revocation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What MoonKey's answer to one revocation means (docs/reliability.md lists them). Exactly one of
 * the permitted records.
 */
public sealed interface RevocationOutcome {

  /** True when the session no longer exists at MoonKey: revoked now or already gone. */
  default boolean isRevoked() {
    return this instanceof Revoked || this instanceof AlreadyGone;
  }

  /** True when trying again later may succeed. */
  default boolean isRetryable() {
    return this instanceof TransientFailure;
  }

  /**
   * A short description for a log line, without secrets: {@code HTTP 200}, {@code HTTP 401, secret
   * key refused}, {@code HTTP 422 (validation_error)}, {@code TLS failed: …}, or a transient
   * failure's reason.
   */
  default String describe() {
    if (this instanceof Revoked revoked) {
      return "HTTP " + revoked.status();
    }
    if (this instanceof AlreadyGone) {
      return "HTTP 404, already gone";
    }
    if (this instanceof Unauthorised refused) {
      return "HTTP " + refused.status() + ", secret key refused";
    }
    if (this instanceof Rejected rejected) {
      return "HTTP "
          + rejected.status()
          + (rejected.errorType() == null ? "" : " (" + rejected.errorType() + ")");
    }
    if (this instanceof TlsFailure tls) {
      return "TLS failed: " + tls.reason();
    }
    return ((TransientFailure) this).reason();
  }

  /**
   * MoonKey answered 2xx: the session is revoked.
   *
   * @param status the HTTP status
   */
  record Revoked(int status) implements RevocationOutcome {}

  /** MoonKey answered 404: the session was already gone, which counts as revoked. */
  record AlreadyGone() implements RevocationOutcome {}

  /**
   * MoonKey refused the request for good (400, 422, another 4xx, or a 3xx, which is not followed).
   * Not retried.
   *
   * @param status the HTTP status
   * @param errorType MoonKey's {@code error_type}, or null when the body had none
   */
  record Rejected(int status, String errorType) implements RevocationOutcome {}

  /**
   * MoonKey refused our secret key (401 or 403). Not retried; an operator must fix the setting.
   *
   * @param status the HTTP status
   */
  record Unauthorised(int status) implements RevocationOutcome {}

  /**
   * The revocation may succeed later: 408, 429, 5xx, a connect or read failure, any other throwable
   * of the revocation path (an {@code Error} included), or the budget ran out.
   *
   * @param status the HTTP status, or 0 when no answer was received
   * @param reason a short description without secrets, such as {@code HTTP 503}, {@code
   *     ConnectException: Connection refused} or {@code no answer within 5000 ms}
   * @param retryAfter the server's {@code Retry-After}, when it sent a usable one
   * @param cause the exception, when there was one
   * @param kind why: a call failed, or none could be made
   */
  record TransientFailure(
      int status, String reason, Optional<Duration> retryAfter, Throwable cause, Kind kind)
      implements RevocationOutcome {

    /** Why a revocation failed for now. */
    public enum Kind {
      /** A call was made and failed: an answer such as 503, or a network failure. */
      CALL,
      /** The budget ended before an answer (or before a call could start). */
      OUT_OF_TIME,
      /** The circuit breaker is open: no call was made. */
      BREAKER_OPEN,
      /** The client was closed (the application is stopping). */
      CLOSED
    }

    /** A failed call ({@link Kind#CALL}). */
    public TransientFailure(
        int status, String reason, Optional<Duration> retryAfter, Throwable cause) {
      this(status, reason, retryAfter, cause, Kind.CALL);
    }

    /** Checks the fields. */
    public TransientFailure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(kind, "kind");
    }

    /** A failure of {@code kind} without a call's status or cause. */
    static TransientFailure of(Kind kind, String reason) {
      return new TransientFailure(0, reason, Optional.empty(), null, kind);
    }
  }

  /**
   * The TLS handshake with MoonKey failed (an untrusted or invalid certificate, no common
   * protocol). Not retried, and never answered by falling back to http: an operator must fix the
   * trust store or {@code api-url}.
   *
   * @param reason the exception's class name and message, without secrets
   * @param cause the exception
   */
  record TlsFailure(String reason, Throwable cause) implements RevocationOutcome {}
}
