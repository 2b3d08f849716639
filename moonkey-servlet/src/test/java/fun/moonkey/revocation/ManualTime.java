package fun.moonkey.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/** A clock and a scheduler that move only when a test says so; runs due tasks on its thread. */
final class ManualTime implements LongSupplier, Scheduler {

  private record Task(long due, Runnable run, boolean[] cancelled) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private boolean stopped;

  @Override
  public synchronized long getAsLong() {
    return now;
  }

  @Override
  public synchronized Runnable schedule(Runnable task, long nanos) {
    if (stopped) {
      return null;
    }
    boolean[] cancelled = {false};
    tasks.add(new Task(now + nanos, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock on by {@code step}, running every task that falls due, in order. */
  void advance(Duration step) {
    long end;
    synchronized (this) {
      end = now + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.due <= end)
                .min(Comparator.comparingLong(Task::due))
                .orElse(null);
        if (next == null) {
          now = end;
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.due);
      }
      if (!next.cancelled[0]) {
        next.run.run();
      }
    }
  }

  /** The delays of the tasks waiting to run and not cancelled, from now. */
  synchronized List<Duration> pending() {
    return tasks.stream()
        .filter(t -> !t.cancelled[0])
        .map(t -> Duration.ofNanos(t.due - now))
        .toList();
  }

  /** From now on the scheduler refuses tasks, as a closed revoker's timer does. */
  synchronized void stop() {
    stopped = true;
  }

  Budget budget(Duration total) {
    return new Budget(this, total);
  }
}
