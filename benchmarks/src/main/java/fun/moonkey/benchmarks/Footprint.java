package fun.moonkey.benchmarks;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.servlet.LogoutFilter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Retained heap and start-up time of the filter, and heap per in-flight logout. */
final class Footprint {

  /** The figures. */
  record Result(
      double initMillisFirst,
      double initMillisMedian,
      double retainedMiBPerService,
      double retainedKiBPerInFlightLogout) {}

  private Footprint() {}

  static Result measure() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Map<String, String> params =
          Map.of(
              "secret-key", moonKey.secretKey(),
              "api-url", moonKey.baseUri().toString(),
              "logout-path", "/logout");
      double first = timeInit(params);
      double[] times = new double[15];
      for (int i = 0; i < times.length; i++) {
        times[i] = timeInit(params);
      }
      Arrays.sort(times);

      MoonKeyConfig config =
          MoonKeyConfig.builder()
              .secretKey(moonKey.secretKey())
              .apiUrl(moonKey.baseUri())
              .timeout(Duration.ofSeconds(60))
              .build();
      int services = 10;
      long before = usedHeapAfterGc();
      List<LogoutService> started = new ArrayList<>();
      for (int i = 0; i < services; i++) {
        LogoutService service = LogoutService.start(config);
        // Warm: the HTTP client and its pool are built on first use.
        service
            .revoker()
            .revokeAndWait(new Credential(CredentialType.SESSION_TOKEN, "warm-" + i, "benchmark"));
        started.add(service);
      }
      long after = usedHeapAfterGc();
      double perService = (after - before) / (double) services / (1024 * 1024);

      moonKey.setDefaultReply(Reply.hang());
      LogoutService service = started.get(0);
      int inFlight = 2000;
      long beforeFlight = usedHeapAfterGc();
      List<CompletionStage<LogoutResult>> pending = new ArrayList<>();
      for (int i = 0; i < inFlight; i++) {
        pending.add(service.logout(tokenOnly("inflight-" + i)));
      }
      long afterFlight = usedHeapAfterGc();
      double perLogout = (afterFlight - beforeFlight) / (double) inFlight / 1024;
      started.forEach(LogoutService::close);
      if (pending.isEmpty()) {
        throw new IllegalStateException("nothing was in flight");
      }
      return new Result(first, times[times.length / 2], perService, perLogout);
    }
  }

  private static double timeInit(Map<String, String> params) throws Exception {
    LogoutFilter filter = new LogoutFilter();
    long start = System.nanoTime();
    filter.init(FakeRequests.filterConfig(params));
    double millis = (System.nanoTime() - start) / 1e6;
    filter.destroy();
    return millis;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A request carrying one token cookie and nothing else. */
  private static LogoutRequest tokenOnly(String token) {
    return LogoutRequest.withoutSession(
        name -> name.equals("session_token") ? List.of(token) : List.of(),
        name -> Optional.empty(),
        false);
  }
}
