package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The circuit breaker in the real revoker, counted at the emulator, with the clock in hand. */
class SessionRevokerBreakerTest {

  private static final String PATH = SessionRevoker.DELETE_PATH;

  private MoonKeyEmulator moonKey;
  private final AtomicLong skew = new AtomicLong();
  private SessionRevoker revoker;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            .timeout(Duration.ofSeconds(5))
            .set("max-attempts", "1")
            .set("breaker-failures", "3")
            .set("breaker-cooldown", "30s")
            .build();
    revoker =
        new SessionRevoker(
            config, null, Clock.systemUTC(), () -> System.nanoTime() + skew.get(), () -> 0.5);
  }

  @AfterEach
  void stop() {
    revoker.close();
    moonKey.close();
  }

  private RevocationOutcome revoke(String token) {
    return revoker.revokeAndWait(new Credential(CredentialType.SESSION_TOKEN, token, "test"));
  }

  @Test
  void opensAfterARunOfFailuresAnswersFastWhileOpenAndClosesAfterRecovery() {
    moonKey.setDefaultReply(Reply.status(503));
    for (int i = 0; i < 3; i++) {
      revoke("tok_" + i);
    }
    assertEquals(3, moonKey.requestCount(PATH));
    assertEquals("OPEN", revoker.breakerState());

    long start = System.nanoTime();
    RevocationOutcome whileOpen = revoke("tok_open");
    long took = (System.nanoTime() - start) / 1_000_000;
    assertEquals(
        SessionRevoker.BREAKER_OPEN,
        assertInstanceOf(RevocationOutcome.TransientFailure.class, whileOpen).reason());
    // Without a call: far less than the 5 s timeout a call could take.
    assertTrue(took < 2_000, took + " ms");
    assertEquals(3, moonKey.requestCount(PATH), "no call while open");

    moonKey.setDefaultReply(null);
    // 25 s of the 30 s cool-down: the real time the test has taken since the breaker opened must
    // stay under the 5 s left, which a loaded machine does too.
    skew.addAndGet(Duration.ofSeconds(25).toNanos());
    revoke("tok_still_cooling");
    assertEquals(3, moonKey.requestCount(PATH), "still within the cool-down");

    skew.addAndGet(Duration.ofSeconds(5).toNanos());
    assertEquals(new RevocationOutcome.AlreadyGone(), revoke("tok_trial"));
    assertEquals(4, moonKey.requestCount(PATH), "one trial call");
    assertEquals("CLOSED", revoker.breakerState());
    revoke("tok_after");
    assertEquals(5, moonKey.requestCount(PATH));
  }

  @Test
  void aFailedTrialOpensItAgain() {
    moonKey.setDefaultReply(Reply.status(503));
    for (int i = 0; i < 3; i++) {
      revoke("tok_" + i);
    }
    skew.addAndGet(Duration.ofSeconds(30).toNanos());
    revoke("tok_trial");
    assertEquals(4, moonKey.requestCount(PATH));
    assertEquals("OPEN", revoker.breakerState());
    revoke("tok_again");
    assertEquals(4, moonKey.requestCount(PATH));
  }

  @Test
  void notFoundAndOtherClientErrorsNeverOpenIt() {
    moonKey.enqueue(
        Reply.json(422, "{}"), Reply.json(400, "{}"), Reply.json(409, "{}"), Reply.json(401, "{}"));
    for (int i = 0; i < 10; i++) {
      revoke("tok_unknown_" + i); // the stateful API answers 404 once the queue is empty
    }
    assertEquals(10, moonKey.requestCount(PATH));
    assertEquals("CLOSED", revoker.breakerState());
  }
}
