package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplySenderTest {

  private static final String BODY = "{\"session_id\":\"sess_1\"}";

  private MoonKeyEmulator emulator;
  private Wire wire;

  @BeforeEach
  void start() {
    emulator = MoonKeyEmulator.start();
    wire = new Wire(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void delayWaitsBeforeTheHeaders() throws Exception {
    emulator.enqueue(Reply.json(200, "{}").withDelay(Duration.ofMillis(300)));

    long start = System.nanoTime();
    HttpResponse<String> response = wire.delete(BODY);

    assertTrue(millisSince(start) >= 300, "answered after " + millisSince(start) + " ms");
    assertEquals(200, response.statusCode());
    assertEquals("{}", response.body());
  }

  @Test
  void customHeadersAreSentAndReplaceTheContentType() throws Exception {
    emulator.enqueue(
        Reply.json(503, "{}")
            .withHeader("Retry-After", "7")
            .withHeader("content-type", "application/problem+json"));

    HttpResponse<String> response = wire.delete(BODY);

    assertEquals("7", response.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(List.of("application/problem+json"), response.headers().allValues("Content-Type"));
  }

  @Test
  void hangAnswersNothingWhileOthersAreServedAndCloseReleasesItPromptly() throws Exception {
    MoonKeyEmulator hanging = MoonKeyEmulator.start();
    Wire hangingWire = new Wire(hanging);
    hanging.enqueue(Reply.hang());
    CompletableFuture<HttpResponse<String>> pending =
        hangingWire
            .client()
            .sendAsync(
                hangingWire
                    .api("DELETE", MoonKeyApi.DELETE_PATH, BODY)
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                BodyHandlers.ofString());
    RecordedRequest hung = hanging.takeRequest(Wire.TIMEOUT);
    assertNotNull(hung);
    assertEquals(BODY, hung.body());

    assertEquals(404, hangingWire.delete(BODY).statusCode());
    assertFalse(pending.isDone());

    long start = System.nanoTime();
    hanging.close();
    // Promptly: close gives up on its threads after 5 s, and a hang holds on until then.
    assertTrue(millisSince(start) < 3000, "close took " + millisSince(start) + " ms");

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pending.get(1, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, failure.getCause());
    assertEquals(List.of(), Threads.emulatorThreads());
  }

  @Test
  void trickleSendsHeadersAtOnceThenOneBytePerInterval() throws Exception {
    String body = "{\"ok\":true}";
    Duration perByte = Duration.ofMillis(100);
    emulator.enqueue(
        Reply.trickle(200, body, perByte).withHeader("Content-Type", "application/json"));

    long start = System.nanoTime();
    HttpResponse<InputStream> response =
        wire.client()
            .send(
                wire.api("DELETE", MoonKeyApi.DELETE_PATH, BODY).build(),
                BodyHandlers.ofInputStream());
    long headersAt = millisSince(start);
    byte[] received;
    long firstByteAt;
    try (InputStream in = response.body()) {
      int first = in.read();
      firstByteAt = millisSince(start);
      byte[] rest = in.readAllBytes();
      received = new byte[rest.length + 1];
      received[0] = (byte) first;
      System.arraycopy(rest, 0, received, 1, rest.length);
    }
    long doneAt = millisSince(start);

    assertEquals(200, response.statusCode());
    assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElseThrow());
    assertEquals(body, new String(received, StandardCharsets.UTF_8));
    long minimum = perByte.toMillis() * body.length();
    // The bounds leave a loaded machine half the body's time; headers sent after the body, or the
    // bytes sent in one burst, miss them by the whole body's time.
    assertTrue(headersAt < minimum / 2, "headers after " + headersAt + " ms");
    assertTrue(doneAt >= minimum, "body complete after " + doneAt + " ms, expected >= " + minimum);
    long spread = doneAt - firstByteAt;
    assertTrue(spread >= minimum / 2, "bytes spread over " + spread + " ms");
  }

  @Test
  void closeDuringTrickleCutsTheBodyShort() throws Exception {
    MoonKeyEmulator trickling = MoonKeyEmulator.start();
    Wire tricklingWire = new Wire(trickling);
    trickling.enqueue(Reply.trickle(200, "x".repeat(100), Duration.ofMillis(50)));

    HttpResponse<InputStream> response =
        tricklingWire
            .client()
            .send(
                tricklingWire.api("DELETE", MoonKeyApi.DELETE_PATH, BODY).build(),
                BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      assertEquals('x', in.read());
      trickling.close();
      assertThrows(IOException.class, in::readAllBytes);
    }
  }

  @Test
  void resetClosesTheConnectionBeforeAnyResponseByte() throws Exception {
    emulator.enqueue(Reply.reset());
    String request =
        "DELETE /v1/auth/sessions/delete HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + emulator.port()
            + "\r\nAuthorization: Bearer "
            + emulator.secretKey()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + BODY.length()
            + "\r\n\r\n"
            + BODY;

    int read;
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), emulator.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        read = socket.getInputStream().read();
      } catch (SocketException e) {
        read = -1;
      }
    }

    assertEquals(-1, read, "no response byte");
    RecordedRequest recorded = emulator.takeRequest(Wire.TIMEOUT);
    assertEquals("DELETE", recorded.method());
    assertEquals(BODY, recorded.body());
  }

  @Test
  void resetMakesHttpClientFailWithoutStatus() throws Exception {
    emulator.enqueue(Reply.reset().withDelay(Duration.ofMillis(50)));

    assertThrows(IOException.class, () -> wire.delete(BODY));

    assertEquals(1, emulator.requestCount(MoonKeyApi.DELETE_PATH));
    assertEquals(404, wire.delete(BODY).statusCode());
  }

  @Test
  void largeBodyStreamsExactlyThatManyBytesOfJson() throws Exception {
    int size = 10 * 1024 * 1024;
    emulator.enqueue(Reply.largeBody(200, size));

    HttpResponse<byte[]> response =
        wire.client()
            .send(
                wire.api("DELETE", MoonKeyApi.DELETE_PATH, BODY).build(),
                BodyHandlers.ofByteArray());

    assertEquals(200, response.statusCode());
    assertEquals(
        String.valueOf(size), response.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(size, response.body().length);
    String text = new String(response.body(), StandardCharsets.US_ASCII);
    assertEquals(size - 14, ((String) Json.toMap(Json.parse(text)).get("padding")).length());
  }

  @Test
  void smallLargeBodyIsSpaces() throws Exception {
    emulator.enqueue(Reply.largeBody(500, 5), Reply.largeBody(200, 0));

    HttpResponse<String> five = wire.delete(BODY);
    HttpResponse<String> none = wire.delete(BODY);

    assertEquals(500, five.statusCode());
    assertEquals("     ", five.body());
    assertEquals(200, none.statusCode());
    assertEquals("", none.body());
  }

  @Test
  void emptyTrickleSendsOnlyHeaders() throws Exception {
    emulator.enqueue(Reply.trickle(502, "", Duration.ofSeconds(10)));

    HttpResponse<String> response = wire.delete(BODY);

    assertEquals(502, response.statusCode());
    assertEquals("", response.body());
  }

  @Test
  void keepAliveSurvivesEveryCompleteReply() throws Exception {
    emulator.enqueue(
        Reply.status(200),
        Reply.json(500, "{}"),
        Reply.trickle(200, "abc", Duration.ZERO),
        Reply.largeBody(200, 100_000),
        Reply.status(204));

    for (int i = 0; i < 6; i++) {
      wire.delete(BODY);
    }

    assertEquals(1, emulator.connectionCount());
  }

  @Test
  void headRequestGetsHeadersWithoutBody() throws Exception {
    emulator.enqueue(
        Reply.json(200, "{\"a\":1}"),
        Reply.largeBody(201, 1_000_000),
        Reply.trickle(202, "abc", Duration.ofSeconds(10)));

    for (int status = 200; status <= 202; status++) {
      HttpResponse<String> response = wire.send(wire.api("HEAD", MoonKeyApi.LIST_PATH, null));

      assertEquals(status, response.statusCode());
      assertEquals("", response.body());
    }
    assertEquals(1, emulator.connectionCount());
  }
}
