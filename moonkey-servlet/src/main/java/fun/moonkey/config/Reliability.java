package fun.moonkey.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  /** The defaults, as the table of settings gives them. */
  public static final Reliability DEFAULTS = of(Settings.read(key -> Optional.empty()));

  /** The reliability settings among {@code values}, by key. */
  static Reliability of(Map<String, Object> v) {
    return new Reliability(
        (Integer) v.get(ConfigKeys.MAX_ATTEMPTS),
        (Duration) v.get(ConfigKeys.BACKOFF_INITIAL),
        (Duration) v.get(ConfigKeys.BACKOFF_MAX),
        (Duration) v.get(ConfigKeys.RETRY_HORIZON),
        (Integer) v.get(ConfigKeys.PENDING_CAPACITY),
        (PendingStoreSetting) v.get(ConfigKeys.PENDING_STORE),
        (Integer) v.get(ConfigKeys.MAX_CONCURRENCY),
        (Integer) v.get(ConfigKeys.BREAKER_FAILURES),
        (Duration) v.get(ConfigKeys.BREAKER_COOLDOWN),
        (Duration) v.get(ConfigKeys.SHUTDOWN_GRACE));
  }

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
