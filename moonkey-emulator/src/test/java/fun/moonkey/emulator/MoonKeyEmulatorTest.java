package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MoonKeyEmulatorTest {

  @Test
  void startListensOnLoopbackWithAFreePortAndTheDefaultKey() {
    try (MoonKeyEmulator emulator = MoonKeyEmulator.start()) {
      assertTrue(emulator.port() > 0);
      assertEquals(URI.create("http://127.0.0.1:" + emulator.port()), emulator.baseUri());
      assertEquals("sk_test_emulator", MoonKeyEmulator.DEFAULT_SECRET_KEY);
      assertEquals(MoonKeyEmulator.DEFAULT_SECRET_KEY, emulator.secretKey());
      assertEquals("MoonKeyEmulator[" + emulator.baseUri() + "]", emulator.toString());
    }
  }

  @Test
  void builderBindsTheGivenPort() throws Exception {
    int port = freePort();
    MoonKeyEmulator bound;
    try {
      bound = MoonKeyEmulator.builder().port(port).build();
    } catch (UncheckedIOException takenMeanwhile) {
      // Another process on this machine took the port between the probe and the bind: a second
      // free port makes that race vanishingly unlikely rather than making the test flaky.
      port = freePort();
      bound = MoonKeyEmulator.builder().port(port).build();
    }

    try (MoonKeyEmulator emulator = bound) {
      assertEquals(port, emulator.port());
      assertEquals(404, new Wire(emulator).delete("{\"session_id\":\"x\"}").statusCode());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  @Test
  void builderFailsWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      MoonKeyEmulator.Builder builder = MoonKeyEmulator.builder().port(taken.getLocalPort());

      UncheckedIOException e = assertThrows(UncheckedIOException.class, builder::build);

      assertEquals(
          "Cannot bind the MoonKey emulator to 127.0.0.1:" + taken.getLocalPort(), e.getMessage());
    }
    assertEquals(List.of(), Threads.emulatorThreads());
  }

  @Test
  void builderRejectsBadValues() {
    MoonKeyEmulator.Builder builder = MoonKeyEmulator.builder();

    assertEquals(
        "port must be 0 to 65535, got -1",
        assertThrows(IllegalArgumentException.class, () -> builder.port(-1)).getMessage());
    assertEquals(
        "port must be 0 to 65535, got 65536",
        assertThrows(IllegalArgumentException.class, () -> builder.port(65536)).getMessage());
    assertEquals(
        "secretKey must not be blank",
        assertThrows(IllegalArgumentException.class, () -> builder.secretKey(" ")).getMessage());
    assertThrows(NullPointerException.class, () -> builder.secretKey(null));
  }

  @Test
  void clientSslContextNeedsHttps() {
    try (MoonKeyEmulator emulator = MoonKeyEmulator.start()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, emulator::clientSslContext);

      assertEquals(
          "The emulator serves plain http; build it with builder().https(true) to get a TLS context",
          e.getMessage());
    }
  }

  @Test
  void closeStopsListeningAndKeepsWhatWasRecorded() throws Exception {
    MoonKeyEmulator emulator = MoonKeyEmulator.start();
    Wire wire = new Wire(emulator);
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    wire.delete("{\"session_id\":\"" + session.id() + "\"}");

    emulator.close();
    emulator.close();

    HttpRequest request = new Wire(emulator).api("DELETE", MoonKeyApi.DELETE_PATH, "{}").build();
    IOException e =
        assertThrows(
            IOException.class,
            () -> new Wire(emulator).client().send(request, BodyHandlers.discarding()));
    assertTrue(
        e instanceof ConnectException || e.getCause() instanceof ConnectException, e.toString());
    assertEquals(1, emulator.requests().size());
    assertEquals(
        List.of(false), emulator.sessions().stream().map(EmulatedSession::active).toList());
  }

  @Test
  void closeLeavesNoThreadBehindEvenWithRepliesInProgress() throws Exception {
    List<String> dispatchersBefore = Threads.named("HTTP-Dispatcher");
    MoonKeyEmulator emulator = MoonKeyEmulator.start();
    Wire wire = new Wire(emulator);
    emulator.enqueue(
        Reply.hang(),
        Reply.status(200).withDelay(Duration.ofMinutes(5)),
        Reply.trickle(200, "x".repeat(1000), Duration.ofSeconds(1)));
    for (int i = 0; i < 3; i++) {
      wire.client()
          .sendAsync(
              wire.api("DELETE", MoonKeyApi.DELETE_PATH, "{}")
                  .timeout(Duration.ofMinutes(1))
                  .build(),
              BodyHandlers.ofString());
    }
    for (int i = 0; i < 3; i++) {
      emulator.takeRequest(Wire.TIMEOUT);
    }
    assertEquals(
        200, wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=u", null)).statusCode());
    assertTrue(Threads.emulatorThreads().size() >= 3, Threads.emulatorThreads()::toString);

    long start = System.nanoTime();
    emulator.close();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // Promptly: close gives up on its threads after 5 s, and a hang holds on until then.
    assertTrue(millis < 3000, "close took " + millis + " ms");
    assertEquals(List.of(), Threads.emulatorThreads());
    assertEquals(dispatchersBefore, Threads.named("HTTP-Dispatcher"));
  }

  @Test
  void responsesAreNotHeldBackByNagle() throws Exception {
    try (MoonKeyEmulator emulator = MoonKeyEmulator.start()) {
      Wire wire = new Wire(emulator);
      wire.delete("{\"session_id\":\"warm-up\"}");

      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 21; i++) {
        long start = System.nanoTime();
        assertEquals(404, wire.delete("{\"session_id\":\"" + i + "\"}").statusCode());
        millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
      Collections.sort(millis);

      assertEquals("true", System.getProperty(MoonKeyEmulator.NO_DELAY_PROPERTY));
      // Held back by Nagle, every answer waits for the client's delayed ACK (40 ms or more on
      // Linux); the median is blind to the few requests a loaded machine delays for other reasons.
      assertTrue(millis.get(10) < 25, "keep-alive requests took " + millis + " ms");
    }
  }
}
