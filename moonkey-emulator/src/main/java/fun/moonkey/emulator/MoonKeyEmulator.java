package fun.moonkey.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A MoonKey API emulator: an HTTP server on {@code 127.0.0.1} that speaks the session endpoints of
 * the MoonKey API, records every request it receives, and can be scripted to answer anything,
 * faults included. For integration tests that check the wire at the receiving end, and for running
 * an application offline.
 *
 * <pre>{@code
 * try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
 *   EmulatedSession session = moonKey.createSession("user_1", "ada@example.com");
 *   // point the code under test at moonKey.baseUri() with moonKey.secretKey(), then:
 *   RecordedRequest delete = moonKey.takeRequest(Duration.ofSeconds(5));
 *   assertEquals("DELETE", delete.method());
 *   assertEquals(Map.of("session_id", session.id()), delete.jsonBody());
 *   assertFalse(moonKey.isActive(session.id()));
 *
 *   moonKey.enqueue(Reply.status(503), Reply.hang()); // the next two API calls fail
 * }
 * }</pre>
 *
 * <p><b>Answers.</b> A request under {@code /v1/} takes the next {@linkplain #enqueue(Reply...)
 * queued reply}, else the {@linkplain #setDefaultReply(Reply) default reply}, else the stateful API
 * answers it:
 *
 * <ul>
 *   <li>every {@code /v1/} request needs {@code Authorization: Bearer <secret key>}, else 401
 *       {@code {"error_message":"Invalid secret
 *       key","error_type":"unauthorized","status_code":401}};
 *   <li>{@code DELETE /v1/auth/sessions/delete} with {@code Content-Type: application/json} (else
 *       415) and a JSON object holding exactly one of {@code session_id}, {@code session_token},
 *       {@code session_jwt} (else 422 {@code validation_error}) revokes an active session, 200
 *       {@code {"message":"Successfully deleted session"}}, or answers 404 {@code
 *       {"error_message":"Session not found","error_type":"not_found","status_code":404}};
 *   <li>{@code POST /v1/auth/sessions/verify} with {@code session_token} or {@code session_jwt}
 *       answers 200 {@code {"session":{"id","user_id","status","created_at","expires_at"},
 *       "user":{"id","email"}}} for an active session, else 401 {@code invalid_session} (a revoked
 *       session's JWT fails at once);
 *   <li>{@code GET /v1/auth/sessions/list?user_id=U} answers 200 {@code {"sessions":[…]}} with the
 *       user's active sessions only;
 *   <li>a wrong method gets 405 with {@code Allow}, any other path 404, both as error JSON.
 * </ul>
 *
 * <p>Outside the MoonKey API, {@code POST /_emulator/sessions} with {@code {"email":"a@b.c"}} signs
 * a user in without a secret key (for an application's offline demo), answering {@code
 * {"session_token","session_id","user_id","session_jwt"}}; the same email always gives the same
 * user id. Any other path answers 404.
 *
 * <p><b>Recording.</b> A request shows in {@link #requests()}, {@link #takeRequest(Duration)} and
 * {@code /_emulator/requests} only once the emulator has acted on it: a test that sees a {@code
 * DELETE} there also sees its session revoked, and one that sees {@code POST /_emulator/sessions}
 * sees the new session; the other way round, one that sees a session revoked also sees the {@code
 * DELETE} that revoked it. The list's order is the order in which requests took effect.
 *
 * <p><b>Latency.</b> Unless the system property {@code sun.net.httpserver.nodelay} is already set,
 * loading this class sets it to {@code true}, so that the JDK's HTTP server sends each response
 * without waiting on Nagle's algorithm (on JDK 17 that wait adds about 40 ms to every response). It
 * affects every {@code com.sun.net.httpserver} server of the JVM started afterwards.
 *
 * <p><b>Threads.</b> The emulator is thread-safe. It answers each request on its own daemon thread
 * named {@code moonkey-emulator-N}, so a hanging reply does not hold up others; {@link #close()}
 * stops them all.
 */
public final class MoonKeyEmulator implements AutoCloseable {

  /** The secret key the emulator expects unless {@link Builder#secretKey(String)} sets another. */
  public static final String DEFAULT_SECRET_KEY = "sk_test_emulator";

  private static final System.Logger LOG = System.getLogger(MoonKeyEmulator.class.getName());
  private static final int BACKLOG = 4096;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** The JDK's switch for {@code TCP_NODELAY} on its HTTP server's connections. */
  static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // JDK 17's HTTP server flushes a response's headers and its body as two TCP segments, so with
    // Nagle's algorithm the body waits for the client's delayed ACK: about 40 ms per response.
    // The JDK reads this property once, when its first HTTP server starts; an explicit setting
    // is left alone.
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
  }

  private final String secretKey;
  private final SelfSignedCertificate certificate;
  private final RequestJournal journal = new RequestJournal();
  private final ReplyScript script = new ReplyScript();
  private final SessionStore sessions = new SessionStore(new SessionIds(), Clock.systemUTC());
  private final CountDownLatch closing = new CountDownLatch(1);
  private final EmulatorThreadFactory threads = new EmulatorThreadFactory();
  private final ExecutorService executor = Executors.newCachedThreadPool(threads);
  private final Object lifecycle = new Object();
  private final EmulatorHandler handler;
  private final HttpServer server;
  private final URI baseUri;
  private boolean closed;

  private MoonKeyEmulator(Builder builder) {
    this.secretKey = builder.secretKey;
    this.certificate = builder.https ? SelfSignedCertificate.generate() : null;
    this.handler =
        new EmulatorHandler(
            journal,
            sessions,
            script,
            new MoonKeyApi(secretKey, sessions),
            new DevSessionEndpoint(sessions),
            new ReplySender(closing),
            builder.printer);
    this.server = bind(builder.port);
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    this.baseUri =
        URI.create(
            (builder.https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
  }

  private HttpServer bind(int port) {
    try {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
      if (certificate == null) {
        return HttpServer.create(address, BACKLOG);
      }
      HttpsServer https = HttpsServer.create(address, BACKLOG);
      https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
      return https;
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("Cannot bind the MoonKey emulator to 127.0.0.1:" + port, e);
    }
  }

  /**
   * Starts an emulator on {@code 127.0.0.1}, on a free port, serving http and expecting {@link
   * #DEFAULT_SECRET_KEY}.
   *
   * @throws UncheckedIOException if the server cannot bind
   */
  public static MoonKeyEmulator start() {
    return builder().build();
  }

  /** A builder for an emulator with another port, secret key or https. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The URI to reach the emulator, without a trailing slash, e.g. {@code http://127.0.0.1:41234}
   * ({@code https://…} in https mode); API paths such as {@code /v1/auth/sessions/delete} are
   * appended to it.
   */
  public URI baseUri() {
    return baseUri;
  }

  /** The port the emulator listens on. */
  public int port() {
    return baseUri.getPort();
  }

  /** The secret key the emulator expects in {@code Authorization: Bearer …}. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * A client TLS context that trusts the emulator's self-signed certificate (issued for {@code
   * 127.0.0.1} and {@code localhost}) and nothing else; a new context on each call.
   *
   * @throws IllegalStateException if the emulator serves plain http
   */
  public SSLContext clientSslContext() {
    if (certificate == null) {
      throw new IllegalStateException(
          "The emulator serves plain http; build it with builder().https(true) to get a TLS context");
    }
    return certificate.clientContext();
  }

  /**
   * Every request received since the start or the last {@link #reset()}, in arrival order (the
   * order in which they took effect), each one already acted on.
   */
  public List<RecordedRequest> requests() {
    return journal.all();
  }

  /**
   * The requests received for exactly this path, as sent (e.g. {@code /v1/auth/sessions/delete}),
   * in arrival order.
   */
  public List<RecordedRequest> requests(String path) {
    return journal.withPath(path);
  }

  /** How many requests were received for exactly this path. */
  public int requestCount(String path) {
    return journal.count(path);
  }

  /**
   * Takes the oldest request not taken yet, waiting up to {@code timeout} for one to arrive. Each
   * request is taken once, in arrival order, whatever its path; {@link #requests()} still lists it.
   * The request has been acted on when it is returned (its session revoked, say), though its answer
   * may still be on its way to the client.
   *
   * @return the request, or null if none arrived in time
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    return journal.take(timeout);
  }

  /**
   * How many distinct TCP connections carried requests since the start or the last {@link
   * #reset()}, told apart by the client's address and port. With keep-alive, several requests share
   * one connection.
   */
  public int connectionCount() {
    return journal.connectionCount();
  }

  /**
   * Forgets the recorded requests (including those not taken yet) and the connections seen, and
   * drops the queued replies and the default reply. Sessions stay as they are.
   */
  public void reset() {
    journal.clear();
    script.clear();
  }

  /**
   * Queues replies for the next requests under {@code /v1/}, first in first out. Each such request,
   * whatever its path, method or secret key, takes one queued reply instead of the stateful answer.
   */
  public void enqueue(Reply... replies) {
    script.enqueue(replies);
  }

  /**
   * Sets the reply for requests under {@code /v1/} that find the queue empty.
   *
   * @param reply the reply, or null to let the stateful API answer them (the initial state)
   */
  public void setDefaultReply(Reply reply) {
    script.setDefault(reply);
  }

  /**
   * Delays every answer under {@code /v1/} (stateful or scripted) by {@code latency} on top of its
   * own delay, after the request is recorded and, for the stateful API, acted on: a MoonKey that is
   * slow but works. Zero (the initial state) for none; {@link #reset()} leaves it as it is.
   *
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  public void setLatency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + latency);
    }
    handler.setLatency(latency);
  }

  /**
   * Creates an active session with a fresh random id, token and JWT.
   *
   * @param userId the user's id, any string
   * @param email the user's email address
   */
  public EmulatedSession createSession(String userId, String email) {
    return sessions.create(userId, email).session();
  }

  /**
   * Creates an active session with a fresh random id, token and JWT, signed in from a device that
   * {@code GET /v1/auth/sessions/list} then reports ({@code user_agent}, {@code ip_address}).
   *
   * @param userId the user's id, any string
   * @param email the user's email address
   * @param userAgent the device's {@code User-Agent}, or null when not known
   * @param ipAddress the device's IP address, or null when not known
   */
  public EmulatedSession createSession(
      String userId, String email, String userAgent, String ipAddress) {
    return sessions.create(userId, email, userAgent, ipAddress).session();
  }

  /** Whether a session with this id exists and has not been revoked. */
  public boolean isActive(String sessionId) {
    return sessions.isActive(sessionId);
  }

  /** Every session, active and revoked, oldest first. */
  public List<EmulatedSession> sessions() {
    return sessions.all();
  }

  /**
   * Stops the server: closes the listening socket and every connection, ends replies in progress (a
   * {@link Reply#hang()} included) and waits for the emulator's threads to end. Returns promptly;
   * calling it again does nothing. Recorded requests and sessions stay readable.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      // Stop before releasing the waiting replies, so a trickle cut short cannot end its body
      // cleanly on a connection that is still open.
      server.stop(0);
      closing.countDown();
      executor.shutdownNow();
      try {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        boolean stopped =
            executor.awaitTermination(STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                && threads.joinAll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (!stopped) {
          LOG.log(
              Level.WARNING,
              "MoonKey emulator threads still running {0} after close",
              STOP_TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "MoonKeyEmulator[" + baseUri + "]";
  }

  /**
   * Runs an emulator until the process is killed, printing its base URI and one line per request on
   * standard output. Arguments: {@code --port N} (default 8090, 0 for any free port), {@code
   * --secret-key K} or {@code --key K} (default {@value #DEFAULT_SECRET_KEY}), {@code --https},
   * {@code --help}. Exits with status 2 on a bad argument.
   */
  public static void main(String[] args) {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (commandLine.help()) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    MoonKeyEmulator emulator =
        builder()
            .port(commandLine.port())
            .secretKey(commandLine.secretKey())
            .https(commandLine.https())
            .printRequests(System.out::println)
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
    System.out.println(
        "MoonKey emulator at "
            + emulator.baseUri()
            + " (secret key "
            + emulator.secretKey()
            + "); what it received: "
            + emulator.baseUri()
            + EmulatorHandler.REQUESTS_PATH);
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures and starts an emulator. Not thread-safe; each {@link #build()} starts a new one. */
  public static final class Builder {

    private int port;
    private String secretKey = DEFAULT_SECRET_KEY;
    private boolean https;
    private Consumer<String> printer;

    private Builder() {}

    /**
     * Prints one line per request received ({@code DELETE /v1/auth/sessions/delete
     * session_token#1a2b3c4d -> 200}; credentials only as a short hash). Off by default.
     *
     * @param printer receives each line, for example {@code System.out::println}
     * @return this builder
     */
    public Builder printRequests(Consumer<String> printer) {
      this.printer = Objects.requireNonNull(printer, "printer");
      return this;
    }

    /**
     * The port to listen on.
     *
     * @param port 1 to 65535, or 0 (the default) for a free port chosen by the system
     * @throws IllegalArgumentException if out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The secret key the emulator expects in {@code Authorization: Bearer …}; default {@value
     * MoonKeyEmulator#DEFAULT_SECRET_KEY}.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder secretKey(String secretKey) {
      Objects.requireNonNull(secretKey, "secretKey");
      if (secretKey.isBlank()) {
        throw new IllegalArgumentException("secretKey must not be blank");
      }
      this.secretKey = secretKey;
      return this;
    }

    /**
     * Whether to serve https with a self-signed certificate generated at start (default false);
     * clients trust it through {@link MoonKeyEmulator#clientSslContext()}.
     */
    public Builder https(boolean https) {
      this.https = https;
      return this;
    }

    /**
     * Starts the emulator.
     *
     * @throws UncheckedIOException if the server cannot bind
     * @throws IllegalStateException if https was asked for and the certificate cannot be made
     */
    public MoonKeyEmulator build() {
      return new MoonKeyEmulator(this);
    }
  }
}
