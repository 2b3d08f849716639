package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.SilentPeer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No thread per call in flight: the JVM's live threads with 10 and with 1,000 revocations waiting
 * on a MoonKey that never answers, measured in the same revoker.
 */
class SessionRevokerThreadsTest {

  /** What "a handful" means here: the most live threads 990 more calls in flight may add. */
  static final int HANDFUL = 5;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void liveThreadsDoNotGrowWithTheCallsInFlight() throws Exception {
    try (SilentPeer moonKey = SilentPeer.start();
        SessionRevoker revoker =
            new SessionRevoker(
                MoonKeyConfig.builder()
                    .secretKey("sk_test_threads")
                    .apiUrl(moonKey.baseUri())
                    .timeout(Duration.ofSeconds(60))
                    .set("max-concurrency", "1000")
                    .set("max-attempts", "1")
                    .build())) {
      List<CompletableFuture<RevocationOutcome>> calls = new ArrayList<>();
      inFlight(revoker, calls, 10);
      Await.until(
          Duration.ofSeconds(20),
          () -> moonKey.openConnections() == 10,
          () -> moonKey.openConnections() + " connections open");
      int withTen = THREADS.getThreadCount();

      inFlight(revoker, calls, 990);
      Await.until(
          Duration.ofSeconds(60),
          () -> moonKey.openConnections() == 1000,
          () -> moonKey.openConnections() + " connections open");
      // A thread per call would keep 990 more alive for as long as the calls wait (60 s); other
      // threads of the JVM that come and go for a moment do not fail the test.
      AtomicInteger withThousand = new AtomicInteger();
      Await.until(
          Duration.ofSeconds(20),
          () -> withThousand.updateAndGet(n -> THREADS.getThreadCount()) - withTen <= HANDFUL,
          () -> "live threads grew from " + withTen + " to " + withThousand);

      System.out.printf(
          "live threads: %d with 10 calls in flight, %d with 1000 (difference %d)%n",
          withTen, withThousand.get(), withThousand.get() - withTen);
      assertEquals(1000, revoker.peakConcurrency());
      assertFalse(calls.stream().anyMatch(CompletableFuture::isDone), "every call still waits");

      // Closing completes every one of them at once, and the client lets go of its connections.
      revoker.close();
      for (CompletableFuture<RevocationOutcome> call : calls) {
        RevocationOutcome.TransientFailure failure =
            (RevocationOutcome.TransientFailure)
                call.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(RevocationOutcome.TransientFailure.Kind.CLOSED, failure.kind());
      }
      Await.until(
          Duration.ofSeconds(20),
          () -> moonKey.openConnections() == 0,
          () -> moonKey.openConnections() + " connections still open");
    }
  }

  private static void inFlight(
      SessionRevoker revoker, List<CompletableFuture<RevocationOutcome>> calls, int count) {
    for (int i = 0; i < count; i++) {
      calls.add(
          revoker
              .revoke(
                  new Credential(
                      CredentialType.SESSION_TOKEN, "tok_threads_" + calls.size(), "test"))
              .toCompletableFuture());
    }
  }
}
