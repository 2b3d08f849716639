package fun.moonkey.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Handles every request the emulator receives: reads it in full, picks the answer (a scripted reply
 * or the stateful API for {@code /v1/}, the helper for {@code /_emulator/}, 404 elsewhere), records
 * it and sends the answer. Thread-safe.
 *
 * <p>A request is recorded only once its effect is applied (a session revoked or created, a
 * scripted reply taken), and the effect and the record are one step under the session store's lock:
 * whoever sees a request in the journal sees the state after it, whoever sees the state sees the
 * request in the journal, and the journal lists the requests in the order in which they took
 * effect. A test may wait for either and assert the other.
 */
final class EmulatorHandler implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(EmulatorHandler.class.getName());
  private static final String API_PREFIX = "/v1/";

  /** What the emulator received before this request, as JSON, credentials hashed. */
  static final String REQUESTS_PATH = DevSessionEndpoint.PREFIX + "requests";

  private final RequestJournal journal;
  private final SessionStore sessions;
  private final ReplyScript script;
  private final MoonKeyApi api;
  private final DevSessionEndpoint devSessions;
  private final ReplySender sender;
  private final Consumer<String> printer;
  private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);

  /**
   * @param printer receives one line per request ({@link RequestSummary#line}), or null for none
   */
  EmulatorHandler(
      RequestJournal journal,
      SessionStore sessions,
      ReplyScript script,
      MoonKeyApi api,
      DevSessionEndpoint devSessions,
      ReplySender sender,
      Consumer<String> printer) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.script = Objects.requireNonNull(script, "script");
    this.api = Objects.requireNonNull(api, "api");
    this.devSessions = Objects.requireNonNull(devSessions, "devSessions");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.printer = printer;
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      RecordedRequest request = read(exchange);
      Reply reply = answerThenRecord(request);
      Duration extra = latency.get();
      if (!extra.isZero() && request.path().startsWith(API_PREFIX)) {
        reply = reply.withDelay(reply.delay().plus(extra));
      }
      if (printer != null) {
        printer.accept(RequestSummary.line(request, reply.statusCode()));
      }
      sender.send(exchange, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Exchange cut short: {0}", e.toString());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Failed to answer a request", e);
      answerInternalError(exchange);
    } finally {
      exchange.close();
    }
  }

  /** Delays every answer under {@code /v1/} by {@code latency} more than its own delay. */
  void setLatency(Duration latency) {
    this.latency.set(latency);
  }

  /**
   * The answer to {@code request}, its effect applied, then the request recorded (also when the
   * answer fails), as one step for the readers of the sessions. No I/O happens here: the body was
   * read before, the answer is sent after.
   */
  private Reply answerThenRecord(RecordedRequest request) {
    return sessions.atomically(
        () -> {
          try {
            return replyTo(request);
          } finally {
            journal.record(request);
          }
        });
  }

  private Reply replyTo(RecordedRequest request) {
    String path = request.path();
    if (path.startsWith(API_PREFIX)) {
      return script.next().orElseGet(() -> api.answer(request));
    }
    if (path.equals(REQUESTS_PATH) && request.method().equals("GET")) {
      return Reply.json(
          200, Json.write(journal.all().stream().map(RequestSummary::fields).toList()));
    }
    if (path.startsWith(DevSessionEndpoint.PREFIX)) {
      return devSessions.answer(request);
    }
    return ApiError.notFound().reply();
  }

  private static RecordedRequest read(HttpExchange exchange) throws IOException {
    Instant receivedAt = Instant.now();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI uri = exchange.getRequestURI();
    InetSocketAddress remote = exchange.getRemoteAddress();
    return new RecordedRequest(
        exchange.getRequestMethod(),
        uri.getRawPath() == null ? "" : uri.getRawPath(),
        uri.getRawQuery(),
        exchange.getRequestHeaders(),
        new String(body, StandardCharsets.UTF_8),
        receivedAt,
        remote.getAddress().getHostAddress() + ":" + remote.getPort());
  }

  private void answerInternalError(HttpExchange exchange) {
    if (exchange.getResponseCode() != -1) {
      return;
    }
    try {
      sender.send(exchange, ApiError.internal().reply());
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not send the 500 answer: {0}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
