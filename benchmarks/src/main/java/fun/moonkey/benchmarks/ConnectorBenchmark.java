package fun.moonkey.benchmarks;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;

/**
 * The MoonKey call itself, through Jersey's default {@code HttpURLConnection} connector and through
 * its {@code java.net.http} connector: N threads (the bulkhead's size) each sending {@code DELETE}
 * with a JSON body back to back against the emulator with latency L, every response read and
 * closed. Reports calls per second, latency and the TCP connections the emulator saw.
 */
final class ConnectorBenchmark {

  /** One connector's figures. */
  record Row(String name, double perSecond, double p50Millis, double p99Millis, int connections) {}

  private final int threads;
  private final Duration latency;
  private final Duration measure;

  ConnectorBenchmark(int threads, Duration latency, Duration measure) {
    this.threads = threads;
    this.latency = latency;
    this.measure = measure;
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.add(
        measure("Jersey default connector (HttpURLConnection)", new HttpUrlConnectorProvider()));
    rows.add(
        measure(
            "Jersey java.net.http connector (jersey-jnh-connector)",
            new JavaNetHttpConnectorProvider()));
    return rows;
  }

  private Row measure(String name, ConnectorProvider connector) throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      moonKey.setDefaultReply(
          Reply.json(200, "{\"message\":\"Successfully deleted session\"}").withDelay(latency));
      Client client =
          ClientBuilder.newClient(
              new ClientConfig()
                  .connectorProvider(connector)
                  .property(ClientProperties.CONNECT_TIMEOUT, 10_000)
                  .property(ClientProperties.READ_TIMEOUT, 10_000)
                  .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true));
      WebTarget target = client.target(moonKey.baseUri()).path("/v1/auth/sessions/delete");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger sequence = new AtomicInteger();
      long warmupEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      long end = warmupEnd + measure.toNanos();
      List<Future<long[]>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  long[] samples = new long[200_000];
                  int n = 0;
                  while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                      return Arrays.copyOf(samples, n);
                    }
                    try (Response response =
                        target
                            .request(MediaType.APPLICATION_JSON_TYPE)
                            .header("Authorization", "Bearer " + moonKey.secretKey())
                            .method(
                                "DELETE",
                                Entity.json(
                                    "{\"session_token\":\"tok-"
                                        + sequence.incrementAndGet()
                                        + "\"}"))) {
                      response.readEntity(String.class);
                    }
                    long done = System.nanoTime();
                    if (start >= warmupEnd && done <= end && n < samples.length) {
                      samples[n++] = done - start;
                    }
                  }
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<long[]> worker : workers) {
        for (long sample : worker.get()) {
          all.add(sample);
        }
      }
      pool.shutdownNow();
      client.close();
      long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
      int n = sorted.length;
      return new Row(
          name,
          n / (measure.toNanos() / 1e9),
          n == 0 ? 0 : sorted[n / 2] / 1e6,
          n == 0 ? 0 : sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
          moonKey.connectionCount());
    }
  }
}
