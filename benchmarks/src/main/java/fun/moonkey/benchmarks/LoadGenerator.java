package fun.moonkey.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * C concurrent clients in this JVM, each running operations (one or more requests) back to back for
 * a fixed time. Reports throughput and latency percentiles of the measured window.
 */
final class LoadGenerator implements AutoCloseable {

  /** One measured run. */
  record Result(long requests, long errors, double perSecond, Latencies latencies) {}

  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "load-generator");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(30))
          .executor(executor)
          .build();
  private final AtomicInteger sequence = new AtomicInteger();

  /**
   * Runs {@code concurrency} clients, each starting operation after operation until the time is up;
   * the measured window follows the warm-up.
   *
   * @param concurrency concurrent clients
   * @param warmup how long to run before measuring
   * @param measure how long to measure
   * @param operation starts operation number {@code i}; completes with the last status
   */
  Result runOperations(
      int concurrency,
      Duration warmup,
      Duration measure,
      IntFunction<CompletableFuture<Integer>> operation)
      throws InterruptedException {
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    long end = warmupEnd + measure.toNanos();
    long[] latencies = new long[4_000_000];
    AtomicInteger recorded = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    CompletableFuture<?>[] clients = new CompletableFuture<?>[concurrency];
    for (int i = 0; i < concurrency; i++) {
      clients[i] = loop(operation, warmupEnd, end, latencies, recorded, errors);
    }
    CompletableFuture.allOf(clients).join();
    int n = Math.min(recorded.get(), latencies.length);
    double seconds = measure.toNanos() / 1e9;
    return new Result(n, errors.get(), n / seconds, Latencies.ofNanos(Arrays.copyOf(latencies, n)));
  }

  /** Sends one request; completes with its status. */
  CompletableFuture<Integer> send(HttpRequest request) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode);
  }

  /** Sends one request; completes with the response, body discarded. */
  CompletableFuture<HttpResponse<Void>> exchange(HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
  }

  private CompletableFuture<Void> loop(
      IntFunction<CompletableFuture<Integer>> operation,
      long warmupEnd,
      long end,
      long[] latencies,
      AtomicInteger recorded,
      AtomicLong errors) {
    long start = System.nanoTime();
    if (start >= end) {
      return CompletableFuture.completedFuture(null);
    }
    return operation
        .apply(sequence.incrementAndGet())
        .handle(
            (status, failure) -> {
              long done = System.nanoTime();
              boolean ok = failure == null && status < 500;
              if (start >= warmupEnd && done <= end) {
                if (ok) {
                  int slot = recorded.getAndIncrement();
                  if (slot < latencies.length) {
                    latencies[slot] = done - start;
                  }
                } else {
                  errors.incrementAndGet();
                }
              }
              return null;
            })
        .thenCompose(ignored -> loop(operation, warmupEnd, end, latencies, recorded, errors));
  }

  static HttpRequest.Builder post(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.noBody());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
