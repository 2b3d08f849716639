package fun.moonkey.store;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.FakeRequest;
import fun.moonkey.logout.LogoutService;
import java.util.concurrent.CountDownLatch;

/**
 * A separate JVM for {@link PendingStoreCrashTest}: logs out sessions against a failing MoonKey
 * with a {@code pending-store}, prints {@code QUEUED n} once every logout has answered, then waits
 * to be killed. Arguments: api-url, secret key, store directory, then the session tokens.
 */
public final class CrashingApp {

  private CrashingApp() {}

  public static void main(String[] args) throws Exception {
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .apiUrl(java.net.URI.create(args[0]))
            .secretKey(args[1])
            .set("pending-store", args[2])
            .set("max-attempts", "1")
            .set("timeout", "5s")
            // No background retry before the kill: the next start must do the work.
            .set("backoff-initial", "1m")
            .build();
    LogoutService service = LogoutService.start(config);
    int queued = 0;
    for (int i = 3; i < args.length; i++) {
      LogoutResult result =
          service
              .logout(new FakeRequest().cookie("session_token", args[i]))
              .toCompletableFuture()
              .join();
      if (result.status() == LogoutResult.Status.PENDING) {
        queued++;
      }
    }
    // A logout answers once its write-ahead is on disk, unless the disk stalls; on a loaded test
    // machine it may, so the kill comes only once every write is done.
    if (!service.retrier().awaitWrites(java.time.Duration.ofSeconds(30))) {
      throw new IllegalStateException("the pending-store's writes did not finish");
    }
    System.out.println("QUEUED " + queued);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
