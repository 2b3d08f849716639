package fun.moonkey.metrics;

/**
 * What one MoonKey client has done, as JConsole and other JMX tools show it, under {@code
 * fun.moonkey:type=LogoutService,context=…,id=…}. Counters only grow from the client's start.
 */
public interface LogoutMetricsMXBean {

  /** Logouts (of any trigger) whose sessions MoonKey deleted. */
  long getRevoked();

  /** Logouts whose sessions MoonKey no longer knew (404). */
  long getAlreadyGone();

  /** Logouts whose revocation failed transiently and was queued for retry. */
  long getPending();

  /** Logouts whose revocation was refused for good or could not be queued. */
  long getFailed();

  /** Logout requests without a MoonKey credential. */
  long getNoSession();

  /** HTTP calls to MoonKey, retries included. */
  long getCalls();

  /** Retries started within a revocation's budget. */
  long getRetries();

  /** Revocations waiting in the background retrier now. */
  int getPendingSize();

  /** Pending revocations the background retrier delivered. */
  long getRetrierDelivered();

  /** Pending revocations the background retrier gave up (horizon passed, or refused for good). */
  long getRetrierGivenUp();

  /** The circuit breaker: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  String getBreakerState();

  /** Labels of the latency buckets, {@code le_5ms} to {@code gt_5000ms}. */
  String[] getLatencyBuckets();

  /**
   * MoonKey's answer time per HTTP call: the count of each bucket of {@link #getLatencyBuckets}.
   */
  long[] getLatencyCounts();

  /** Mean MoonKey answer time per HTTP call, in milliseconds. */
  double getLatencyMeanMillis();
}
