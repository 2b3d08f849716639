package fun.moonkey.metrics;

import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.store.RevocationRetrier;
import java.lang.System.Logger;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;

/**
 * The counters and timings of one MoonKey client: revocations by outcome (counted from the {@link
 * AfterLogout} events it hears), calls, retries, the pending size, the breaker state and MoonKey's
 * answer times. Thread-safe; reading the counters takes no lock.
 */
public final class LogoutMetrics implements LogoutMetricsMXBean, LogoutListener {

  /** The JMX domain of every MBean of the library. */
  public static final String DOMAIN = "fun.moonkey";

  private static final Logger LOG = System.getLogger(LogoutMetrics.class.getName());

  private final SessionRevoker revoker;
  private final RevocationRetrier retrier;
  private final Map<LogoutOutcome, LongAdder> outcomes = new EnumMap<>(LogoutOutcome.class);

  /**
   * @param revoker the client whose calls, retries, breaker and latency are read
   * @param retrier the background retrier whose size and totals are read
   */
  public LogoutMetrics(SessionRevoker revoker, RevocationRetrier retrier) {
    this.revoker = Objects.requireNonNull(revoker, "revoker");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    for (LogoutOutcome outcome : LogoutOutcome.values()) {
      outcomes.put(outcome, new LongAdder());
    }
  }

  /**
   * The name of a client's MBean: {@code fun.moonkey:type=LogoutService,context="/app",id=0}.
   *
   * @param context the web application's context path ({@code "/"} for the root) or another label
   * @param id distinguishes the clients of one application (0 for the first)
   * @return the name
   */
  public static ObjectName objectName(String context, int id) {
    return PlatformMBeans.name("LogoutService", context, id);
  }

  /**
   * Registers this as an MBean of the platform MBean server. Failing to register (a name taken, a
   * security manager) is logged and leaves the logout untouched.
   *
   * @param name the name, see {@link #objectName}
   * @return unregisters it; idempotent
   */
  public AutoCloseable register(ObjectName name) {
    return PlatformMBeans.register(this, name, "MoonKey metrics", LOG);
  }

  @Override
  public void afterLogout(AfterLogout event) {
    outcomes.get(event.outcome()).increment();
  }

  @Override
  public long getRevoked() {
    return outcomes.get(LogoutOutcome.REVOKED).sum();
  }

  @Override
  public long getAlreadyGone() {
    return outcomes.get(LogoutOutcome.ALREADY_GONE).sum();
  }

  @Override
  public long getPending() {
    return outcomes.get(LogoutOutcome.PENDING).sum();
  }

  @Override
  public long getFailed() {
    return outcomes.get(LogoutOutcome.FAILED).sum();
  }

  @Override
  public long getNoSession() {
    return outcomes.get(LogoutOutcome.NO_SESSION).sum();
  }

  @Override
  public long getCalls() {
    return revoker.calls();
  }

  @Override
  public long getRetries() {
    return revoker.retries();
  }

  @Override
  public int getPendingSize() {
    return retrier.size();
  }

  @Override
  public long getRetrierDelivered() {
    return retrier.delivered();
  }

  @Override
  public long getRetrierGivenUp() {
    return retrier.givenUp();
  }

  @Override
  public String getBreakerState() {
    return revoker.breakerState();
  }

  @Override
  public String[] getLatencyBuckets() {
    return revoker.latency().labels();
  }

  @Override
  public long[] getLatencyCounts() {
    return revoker.latency().counts();
  }

  @Override
  public double getLatencyMeanMillis() {
    return revoker.latency().meanMillis();
  }

  @Override
  public String toString() {
    return "LogoutMetrics[revoked="
        + getRevoked()
        + ", pending="
        + getPending()
        + ", failed="
        + getFailed()
        + ", breaker="
        + getBreakerState()
        + "]";
  }
}
