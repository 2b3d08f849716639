package fun.moonkey.revocation;

/**
 * Runs tasks later, on the revoker's timer: a retry's backoff, a caller handed a permit, the sweep
 * that ends what outlives its budget. Tests drive one by hand, with the clock they inject.
 */
@FunctionalInterface
interface Scheduler {

  /**
   * Runs {@code task} after {@code nanos} (0: as soon as the timer can).
   *
   * @return cancels the task if it has not run; null when the timer has stopped and the task will
   *     never run
   */
  Runnable schedule(Runnable task, long nanos);
}
