package fun.moonkey.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One scripted answer of the emulator, from a plain status to a fault: a delay, a connection that
 * hangs, a body that trickles in, a reset connection or a very large body.
 *
 * <p>Build one with a static factory and refine it with the {@code with…} methods, each of which
 * returns a new instance. Instances are immutable and thread-safe; one instance may be enqueued any
 * number of times.
 *
 * <pre>{@code
 * emulator.enqueue(
 *     Reply.json(503, "{\"error_message\":\"down\"}").withHeader("Retry-After", "1"),
 *     Reply.hang(),
 *     Reply.status(200).withDelay(Duration.ofMillis(300)));
 * }</pre>
 *
 * <p>Statuses must lie in 200 to 599; 204 and 304 carry no body. The emulator sets {@code
 * Content-Length}, {@code Transfer-Encoding} and {@code Date} itself.
 */
public final class Reply {

  /** How the emulator sends a reply. */
  enum Kind {
    /** Headers, then the whole body. */
    FIXED,
    /** Chunked headers, then one byte per interval. */
    TRICKLE,
    /** Headers with a Content-Length, then a generated body streamed in chunks. */
    LARGE,
    /** Nothing, until the emulator closes. */
    HANG,
    /** The connection is closed without any response bytes. */
    RESET
  }

  /** One response header. */
  record Header(String name, String value) {}

  private static final byte[] NO_BODY = new byte[0];
  private static final String CONTENT_TYPE = "Content-Type";

  private final Kind kind;
  private final int status;
  private final byte[] body;
  private final long size;
  private final Duration perByte;
  private final Duration delay;
  private final List<Header> headers;

  private Reply(
      Kind kind,
      int status,
      byte[] body,
      long size,
      Duration perByte,
      Duration delay,
      List<Header> headers) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.size = size;
    this.perByte = perByte;
    this.delay = delay;
    this.headers = List.copyOf(headers);
  }

  private static Reply of(Kind kind, int status, byte[] body, long size, Duration perByte) {
    return new Reply(kind, status, body, size, perByte, Duration.ZERO, List.of());
  }

  /**
   * A reply with this status and an empty body.
   *
   * @throws IllegalArgumentException if {@code status} is not in 200 to 599
   */
  public static Reply status(int status) {
    return of(Kind.FIXED, checkStatus(status), NO_BODY, 0, Duration.ZERO);
  }

  /**
   * A reply with {@code Content-Type: application/json} and this body, sent as UTF-8 exactly as
   * given (it is not validated, so malformed JSON can be served on purpose).
   *
   * @throws IllegalArgumentException if {@code status} is not in 200 to 599, or is 204 or 304 with
   *     a non-empty body
   */
  public static Reply json(int status, String json) {
    return fixed(status, json).withHeader(CONTENT_TYPE, "application/json");
  }

  /**
   * A reply with {@code Content-Type: text/plain; charset=utf-8} and this body.
   *
   * @throws IllegalArgumentException if {@code status} is not in 200 to 599, or is 204 or 304 with
   *     a non-empty body
   */
  public static Reply text(int status, String body) {
    return fixed(status, body).withHeader(CONTENT_TYPE, "text/plain; charset=utf-8");
  }

  /**
   * A reply that never comes: the emulator reads the request, records it and keeps the connection
   * open without sending a byte until it is {@linkplain MoonKeyEmulator#close() closed}, which then
   * closes the connection. For client read timeouts.
   */
  public static Reply hang() {
    return of(Kind.HANG, 0, NO_BODY, 0, Duration.ZERO);
  }

  /**
   * A reply whose headers go out at once (with {@code Transfer-Encoding: chunked}) and whose body
   * then follows one byte every {@code perByte}, so the whole body takes about {@code body.length()
   * * perByte}. No {@code Content-Type} is set; add one with {@link #withHeader}. For client
   * timeouts that must cover the whole response, not only each read.
   *
   * @param body sent as UTF-8
   * @param perByte the pause before each byte; zero or more
   * @throws IllegalArgumentException if {@code status} is not in 200 to 599, or is 204 or 304 with
   *     a non-empty body, or if {@code perByte} is negative
   */
  public static Reply trickle(int status, String body, Duration perByte) {
    Objects.requireNonNull(perByte, "perByte");
    if (perByte.isNegative()) {
      throw new IllegalArgumentException("perByte must not be negative, got " + perByte);
    }
    return of(Kind.TRICKLE, checkStatus(status), bodyOf(status, body), 0, perByte);
  }

  /**
   * A reply that closes the TCP connection without sending any response bytes, after the request
   * has been read and recorded. The client sees the connection closed (end of stream) before a
   * status line.
   */
  public static Reply reset() {
    return of(Kind.RESET, 0, NO_BODY, 0, Duration.ZERO);
  }

  /**
   * A reply with {@code Content-Type: application/json}, a {@code Content-Length} of {@code bytes}
   * and a body of exactly that many bytes, generated while it is sent so that the emulator never
   * holds it in memory. From 14 bytes on the body is one valid JSON object, {@code
   * {"padding":"aaa…"}}, so a client that parses without a size limit really would; below that it
   * is spaces. For clients that must cap what they read.
   *
   * @throws IllegalArgumentException if {@code status} is not in 200 to 599, or is 204 or 304 with
   *     a non-zero size, or if {@code bytes} is negative
   */
  public static Reply largeBody(int status, int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
    }
    checkBodyAllowed(checkStatus(status), bytes);
    return of(Kind.LARGE, status, NO_BODY, bytes, Duration.ZERO)
        .withHeader(CONTENT_TYPE, "application/json");
  }

  /**
   * Returns a copy that also sends this header. A header of the same name (compared ignoring case)
   * that a factory or an earlier call set is replaced, so this also overrides the {@code
   * Content-Type} of {@link #json} and {@link #text}.
   *
   * @throws IllegalArgumentException if the name is empty, contains characters not allowed in a
   *     header name, is {@code Content-Length}, {@code Transfer-Encoding} or {@code Date}, or if
   *     the value contains CR or LF
   * @throws IllegalStateException on {@link #hang()} and {@link #reset()}, which send no headers
   */
  public Reply withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (kind == Kind.HANG || kind == Kind.RESET) {
      throw new IllegalStateException(
          "Reply." + kind.name().toLowerCase(Locale.ROOT) + "() sends no headers");
    }
    checkHeader(name, value);
    List<Header> copy = new ArrayList<>(headers);
    copy.removeIf(h -> h.name().equalsIgnoreCase(name));
    copy.add(new Header(name, value));
    return new Reply(kind, status, body, size, perByte, delay, copy);
  }

  /**
   * Returns a copy that waits this long, after the request has been read and recorded, before it
   * sends anything (for {@link #reset()}: before it closes the connection). The wait ends early,
   * without a reply, when the emulator closes.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public Reply withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    return new Reply(kind, status, body, size, perByte, delay, headers);
  }

  Kind kind() {
    return kind;
  }

  /** The status code; 0 for {@link Kind#HANG} and {@link Kind#RESET}. */
  int statusCode() {
    return status;
  }

  /**
   * The body of a {@link Kind#FIXED} or {@link Kind#TRICKLE} reply; the caller must not modify it.
   */
  byte[] body() {
    return body;
  }

  /** The body size of a {@link Kind#LARGE} reply. */
  long size() {
    return size;
  }

  Duration perByte() {
    return perByte;
  }

  Duration delay() {
    return delay;
  }

  List<Header> headers() {
    return headers;
  }

  @Override
  public String toString() {
    String name = kind.name().toLowerCase(Locale.ROOT);
    String what =
        switch (kind) {
          case HANG, RESET -> name;
          case LARGE -> name + " " + status + ", " + size + " bytes";
          case FIXED, TRICKLE -> name + " " + status + ", " + body.length + " bytes";
        };
    return "Reply[" + what + (delay.isZero() ? "" : ", delay " + delay) + "]";
  }

  private static Reply fixed(int status, String text) {
    return of(Kind.FIXED, checkStatus(status), bodyOf(status, text), 0, Duration.ZERO);
  }

  private static byte[] bodyOf(int status, String text) {
    byte[] bytes = Objects.requireNonNull(text, "body").getBytes(StandardCharsets.UTF_8);
    checkBodyAllowed(status, bytes.length);
    return bytes;
  }

  private static int checkStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be in 200 to 599, got " + status);
    }
    return status;
  }

  private static void checkBodyAllowed(int status, long length) {
    if ((status == 204 || status == 304) && length > 0) {
      throw new IllegalArgumentException("status " + status + " cannot carry a body");
    }
  }

  private static void checkHeader(String name, String value) {
    if (name.isEmpty() || !name.chars().allMatch(Reply::isTokenChar)) {
      throw new IllegalArgumentException("Not a valid header name: '" + name + "'");
    }
    if (name.equalsIgnoreCase("Content-Length")
        || name.equalsIgnoreCase("Transfer-Encoding")
        || name.equalsIgnoreCase("Date")) {
      throw new IllegalArgumentException(name + " is set by the emulator");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("Header " + name + ": value must not contain CR or LF");
    }
  }

  /** RFC 9110 section 5.6.2 {@code tchar}. */
  private static boolean isTokenChar(int c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
