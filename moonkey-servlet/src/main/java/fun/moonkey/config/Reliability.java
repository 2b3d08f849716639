package fun.moonkey.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings that bound and retry revocation: attempts and backoff within {@code timeout}, the
 * background retrier's horizon, queue and store, the bulkhead and the circuit breaker. Part of
 * {@link MoonKeyConfig}; each field is one key of {@link ConfigKeys}, which gives its unit and
 * default. Immutable.
 *
 * @param maxAttempts {@link ConfigKeys#MAX_ATTEMPTS}
 * @param backoffInitial {@link ConfigKeys#BACKOFF_INITIAL}
 * @param backoffMax {@link ConfigKeys#BACKOFF_MAX}
 * @param retryHorizon {@link ConfigKeys#RETRY_HORIZON}
 * @param pendingCapacity {@link ConfigKeys#PENDING_CAPACITY}
 * @param pendingStore {@link ConfigKeys#PENDING_STORE}
 * @param maxConcurrency {@link ConfigKeys#MAX_CONCURRENCY}
 * @param breakerFailures {@link ConfigKeys#BREAKER_FAILURES}
 * @param breakerCooldown {@link ConfigKeys#BREAKER_COOLDOWN}
 * @param shutdownGrace {@link ConfigKeys#SHUTDOWN_GRACE}
 */
public record Reliability(
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    Duration retryHorizon,
    int pendingCapacity,
    PendingStoreSetting pendingStore,
    int maxConcurrency,
    int breakerFailures,
    Duration breakerCooldown,
    Duration shutdownGrace) {

  /** The defaults, as documented on each key. */
  public static final Reliability DEFAULTS =
      new Reliability(
          ConfigKeys.DEFAULT_MAX_ATTEMPTS,
          ConfigKeys.DEFAULT_BACKOFF_INITIAL,
          ConfigKeys.DEFAULT_BACKOFF_MAX,
          ConfigKeys.DEFAULT_RETRY_HORIZON,
          ConfigKeys.DEFAULT_PENDING_CAPACITY,
          new PendingStoreSetting.WorkDirectory(),
          ConfigKeys.DEFAULT_MAX_CONCURRENCY,
          ConfigKeys.DEFAULT_BREAKER_FAILURES,
          ConfigKeys.DEFAULT_BREAKER_COOLDOWN,
          ConfigKeys.DEFAULT_SHUTDOWN_GRACE);

  /** Checks for nulls. */
  public Reliability {
    Objects.requireNonNull(pendingStore, "pendingStore");
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(retryHorizon, "retryHorizon");
    Objects.requireNonNull(breakerCooldown, "breakerCooldown");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }
}
