package fun.moonkey.benchmarks;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.servlet.LogoutFilter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logout under load: a MoonKey emulator with a fixed latency, embedded Jetty with a bounded pool, C
 * concurrent clients posting logouts for distinct sessions. Four contenders, side by side in one
 * run: (a) the filter in async mode, (b) the filter in blocking mode, (c) the hand-written servlet
 * of {@link NaiveLogoutServlet}, (d) the load generator calling the emulator directly.
 */
final class LoadBenchmark {

  /** One contender's figures. */
  record Row(
      String name,
      LoadGenerator.Result result,
      int peakBusyThreads,
      double meanBusyThreads,
      int connectionsToMoonKey) {}

  private final int concurrency;
  private final Duration latency;
  private final int containerThreads;
  private final Duration warmup;
  private final Duration measure;
  private final Map<String, String> extraFilterParams;

  LoadBenchmark(
      int concurrency,
      Duration latency,
      int containerThreads,
      Duration warmup,
      Duration measure,
      Map<String, String> extraFilterParams) {
    this.concurrency = concurrency;
    this.latency = latency;
    this.containerThreads = containerThreads;
    this.warmup = warmup;
    this.measure = measure;
    this.extraFilterParams = extraFilterParams;
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    // A fresh emulator and load generator per contender: on Java 17 a stopped contender's JDK
    // HTTP client cannot be closed, and its idle connections would fill the emulator's idle set
    // and make it close the next contender's connections after each answer.
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LoadGenerator load = new LoadGenerator()) {
      rows.add(ours(moonKey, load, true));
    }
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LoadGenerator load = new LoadGenerator()) {
      rows.add(ours(moonKey, load, false));
    }
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LoadGenerator load = new LoadGenerator()) {
      rows.add(naive(moonKey, load));
    }
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LoadGenerator load = new LoadGenerator()) {
      rows.add(direct(moonKey, load));
    }
    return rows;
  }

  private void prepare(MoonKeyEmulator moonKey) {
    moonKey.reset();
    moonKey.setDefaultReply(
        Reply.json(200, "{\"message\":\"Successfully deleted session\"}").withDelay(latency));
  }

  private Map<String, String> filterParams(MoonKeyEmulator moonKey) {
    Map<String, String> params = new java.util.HashMap<>(extraFilterParams);
    params.put("secret-key", moonKey.secretKey());
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    params.put("timeout", "30s");
    return params;
  }

  private Row ours(MoonKeyEmulator moonKey, LoadGenerator load, boolean async) throws Exception {
    BenchServer server =
        new BenchServer(containerThreads)
            .filter(LogoutFilter.class, filterParams(moonKey), async)
            .servlet(new jakarta.servlet.http.HttpServlet() {}, "/*", async);
    return logouts(
        async ? "(a) LogoutFilter, async" : "(b) LogoutFilter, blocking", server, moonKey, load);
  }

  private Row naive(MoonKeyEmulator moonKey, LoadGenerator load) throws Exception {
    BenchServer server =
        new BenchServer(containerThreads)
            .servlet(
                new NaiveLogoutServlet(moonKey.baseUri(), moonKey.secretKey()), "/logout", false);
    return logouts("(c) hand-written servlet, HttpURLConnection", server, moonKey, load);
  }

  /** Posts logouts for distinct sessions to {@code /logout} of a server not yet started. */
  private Row logouts(String name, BenchServer server, MoonKeyEmulator moonKey, LoadGenerator load)
      throws Exception {
    prepare(moonKey);
    try (server) {
      server.start();
      URI logout = server.uri("/logout");
      LoadGenerator.Result result =
          measure(
              server,
              load,
              i -> LoadGenerator.post(logout).header("Cookie", "session_token=tok-" + i).build());
      return new Row(
          name,
          result,
          server.peakBusyThreads(),
          server.meanBusyThreads(),
          moonKey.connectionCount());
    }
  }

  private Row direct(MoonKeyEmulator moonKey, LoadGenerator load) throws Exception {
    prepare(moonKey);
    URI delete = URI.create(moonKey.baseUri() + "/v1/auth/sessions/delete");
    LoadGenerator.Result result =
        load.run(
            concurrency,
            warmup,
            measure,
            i ->
                HttpRequest.newBuilder(delete)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + moonKey.secretKey())
                    .header("Content-Type", "application/json")
                    .method(
                        "DELETE",
                        HttpRequest.BodyPublishers.ofString(
                            "{\"session_token\":\"tok-" + i + "\"}"))
                    .build());
    return new Row(
        "(d) limit: load generator to the emulator directly",
        result,
        0,
        0,
        moonKey.connectionCount());
  }

  private LoadGenerator.Result measure(
      BenchServer server, LoadGenerator load, java.util.function.IntFunction<HttpRequest> requests)
      throws InterruptedException {
    // The peak is of the measured window: the warm-up's first second also counts the connection
    // flood of C clients arriving at once, which any contender pays alike.
    server.resetPeakAfter(warmup);
    return load.run(concurrency, warmup, measure, requests);
  }
}
