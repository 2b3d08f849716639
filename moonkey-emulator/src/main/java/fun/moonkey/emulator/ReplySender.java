package fun.moonkey.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends a {@link Reply} on an exchange, faults included. Every wait (delay, hang, trickle) ends as
 * soon as the emulator starts closing; the sender then returns without finishing the reply, and the
 * connection, which the stopped server has already closed, stays cut short rather than looking
 * complete. Thread-safe.
 */
final class ReplySender {

  private static final int CHUNK = 16 * 1024;
  private static final byte[] PADDING_START = "{\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PADDING_END = "\"}".getBytes(StandardCharsets.US_ASCII);

  private final CountDownLatch closing;

  /**
   * @param closing counted down when the emulator closes, after its server stopped
   */
  ReplySender(CountDownLatch closing) {
    this.closing = Objects.requireNonNull(closing, "closing");
  }

  /**
   * Sends {@code reply}. The caller closes the exchange afterwards.
   *
   * @throws IOException if the client went away
   * @throws InterruptedException if the emulator's executor was shut down meanwhile
   */
  void send(HttpExchange exchange, Reply reply) throws IOException, InterruptedException {
    if (!pause(reply.delay())) {
      return;
    }
    switch (reply.kind()) {
      case HANG -> closing.await();
      case RESET -> exchange.close();
      case FIXED, TRICKLE, LARGE -> sendResponse(exchange, reply);
    }
  }

  private void sendResponse(HttpExchange exchange, Reply reply)
      throws IOException, InterruptedException {
    if (exchange.getRequestMethod().equals("HEAD")) {
      sendHeaders(exchange, reply, -1);
      return;
    }
    switch (reply.kind()) {
      case TRICKLE -> sendTrickle(exchange, reply);
      case LARGE -> sendLarge(exchange, reply);
      default -> sendFixed(exchange, reply);
    }
  }

  private static void sendFixed(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.body();
    sendHeaders(exchange, reply, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void sendTrickle(HttpExchange exchange, Reply reply)
      throws IOException, InterruptedException {
    byte[] body = reply.body();
    sendHeaders(exchange, reply, body.length == 0 ? -1 : 0);
    if (body.length == 0) {
      return;
    }
    OutputStream out = exchange.getResponseBody();
    out.flush();
    for (byte b : body) {
      if (!pause(reply.perByte())) {
        return;
      }
      out.write(b);
      out.flush();
    }
    out.close();
  }

  private static void sendLarge(HttpExchange exchange, Reply reply) throws IOException {
    long size = reply.size();
    sendHeaders(exchange, reply, size == 0 ? -1 : size);
    if (size == 0) {
      return;
    }
    try (OutputStream out = exchange.getResponseBody()) {
      boolean json = size >= PADDING_START.length + PADDING_END.length;
      byte[] filler = new byte[CHUNK];
      Arrays.fill(filler, json ? (byte) 'a' : (byte) ' ');
      long fill = json ? size - PADDING_START.length - PADDING_END.length : size;
      if (json) {
        out.write(PADDING_START);
      }
      while (fill > 0) {
        int n = (int) Math.min(fill, CHUNK);
        out.write(filler, 0, n);
        fill -= n;
      }
      if (json) {
        out.write(PADDING_END);
      }
    }
  }

  private static void sendHeaders(HttpExchange exchange, Reply reply, long length)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    reply.headers().forEach(h -> headers.add(h.name(), h.value()));
    exchange.sendResponseHeaders(reply.statusCode(), length);
  }

  /**
   * Waits {@code duration} unless the emulator starts closing.
   *
   * @return true to go on, false if the emulator is closing
   */
  private boolean pause(Duration duration) throws InterruptedException {
    if (duration.isZero()) {
      return closing.getCount() > 0;
    }
    return !closing.await(toNanos(duration), TimeUnit.NANOSECONDS);
  }

  private static long toNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
