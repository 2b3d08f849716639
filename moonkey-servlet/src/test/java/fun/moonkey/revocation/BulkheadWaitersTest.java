package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How revocations wait for a permit, through a real revoker against the emulator. */
class BulkheadWaitersTest {

  @Test
  void thousandsOfWaitersHandedOnAtOnceAllCompleteWhenTheBreakerOpens() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      // The one call in flight fails after the others have queued behind it; the breaker then
      // opens, and each waiter, handed the permit, ends at once and hands it to the next.
      moonKey.enqueue(Reply.status(503).withDelay(Duration.ofMillis(500)));
      MoonKeyConfig config =
          MoonKeyConfig.builder()
              .secretKey(moonKey.secretKey())
              .apiUrl(moonKey.baseUri())
              .set("timeout", "20s")
              .set("max-attempts", "1")
              .set("max-concurrency", "1")
              .set("breaker-failures", "1")
              .set("breaker-cooldown", "1h")
              .build();
      List<CompletableFuture<RevocationOutcome>> all = new ArrayList<>();
      try (SessionRevoker revoker = new SessionRevoker(config)) {
        for (int i = 0; i < 5_000; i++) {
          all.add(
              revoker
                  .revokeQuietly(
                      new Credential(CredentialType.SESSION_TOKEN, "tok_" + i, "test"),
                      revoker.budget())
                  .toCompletableFuture());
        }
        // Handed on inline, the waiters nested one call per waiter on one stack until it
        // overflowed, and the revocations caught there never completed.
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
      }
      assertEquals(1, moonKey.requestCount(SessionRevoker.DELETE_PATH));
      assertTrue(
          all.stream()
              .map(CompletableFuture::join)
              .allMatch(outcome -> outcome instanceof RevocationOutcome.TransientFailure));
    }
  }
}
