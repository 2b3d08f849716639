package fun.moonkey.benchmarks;

/**
 * What one server JVM spent per logout over a measured window, from {@link ProcessSample}s before
 * and after and from the JVM's count of started threads.
 *
 * @param cpuMicros user plus system CPU time of the process without its JIT compiler threads, µs
 * @param jitMicros CPU time of the JIT compiler threads, µs
 * @param contextSwitches voluntary plus involuntary context switches of the threads alive at the
 *     end of the window
 * @param threadStarts threads started ({@code ThreadMXBean.getTotalStartedThreadCount()})
 * @param threadsExited threads that were there at the start of the window and gone at its end,
 *     whose context switches in the window are missing from {@code contextSwitches} (a count, not
 *     per logout)
 */
record ServerCosts(
    double cpuMicros,
    double jitMicros,
    double contextSwitches,
    double threadStarts,
    int threadsExited) {

  /** The costs between two readings, divided by {@code logouts}. */
  static ServerCosts between(
      ProcessSample before,
      ProcessSample after,
      long threadsStartedBefore,
      long threadsStartedAfter,
      long logouts,
      double microsPerTick) {
    double n = logouts;
    long jit = after.jitTicks() - before.jitTicks();
    return new ServerCosts(
        (after.cpuTicks() - before.cpuTicks() - jit) * microsPerTick / n,
        jit * microsPerTick / n,
        (after.contextSwitches() - before.contextSwitches()) / n,
        (threadsStartedAfter - threadsStartedBefore) / n,
        after.threadsExitedSince(before));
  }
}
