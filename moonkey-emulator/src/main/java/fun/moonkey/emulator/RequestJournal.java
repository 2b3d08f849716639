package fun.moonkey.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every request the emulator received, in arrival order, with the connections that carried them and
 * a queue of the requests not yet {@linkplain #take(Duration) taken}. Thread-safe.
 */
final class RequestJournal {

  private final List<RecordedRequest> requests = new ArrayList<>();
  private final Set<String> connections = new HashSet<>();
  private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
  private final Consumer<RecordedRequest> onRecord;

  RequestJournal() {
    this(request -> {});
  }

  /**
   * @param onRecord told of each request just before it is recorded, on the recording thread and
   *     outside the journal's lock; tests use it to see the emulator's state at that moment
   */
  RequestJournal(Consumer<RecordedRequest> onRecord) {
    this.onRecord = Objects.requireNonNull(onRecord, "onRecord");
  }

  void record(RecordedRequest request) {
    onRecord.accept(request);
    synchronized (this) {
      requests.add(request);
      connections.add(request.remoteAddress());
      untaken.add(request);
    }
  }

  synchronized List<RecordedRequest> all() {
    return List.copyOf(requests);
  }

  synchronized List<RecordedRequest> withPath(String path) {
    Objects.requireNonNull(path, "path");
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  synchronized int count(String path) {
    return withPath(path).size();
  }

  synchronized int connectionCount() {
    return connections.size();
  }

  /**
   * Removes and returns the oldest request not taken yet, waiting up to {@code timeout} for one to
   * arrive.
   *
   * @return the request, or null if none arrived in time
   */
  RecordedRequest take(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    return untaken.poll(toNanos(timeout), TimeUnit.NANOSECONDS);
  }

  synchronized void clear() {
    requests.clear();
    connections.clear();
    untaken.clear();
  }

  private static long toNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
