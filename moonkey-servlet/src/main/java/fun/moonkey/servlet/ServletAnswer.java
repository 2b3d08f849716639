package fun.moonkey.servlet;

import fun.moonkey.answer.LogoutResponder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Writes a {@link LogoutResponder.Answer} to a servlet response, now or once MoonKey answers. */
final class ServletAnswer {

  private static final Logger LOG = System.getLogger(ServletAnswer.class.getName());

  private static final long ASYNC_TIMEOUT_MARGIN_MILLIS = 5_000;

  private ServletAnswer() {}

  /**
   * Writes the answer, unless the response is already committed: headers in order, then the
   * container's error page, or the status and body.
   */
  static void write(HttpServletResponse response, LogoutResponder.Answer answer)
      throws IOException {
    if (response.isCommitted()) {
      LOG.log(Level.DEBUG, "The response was already committed: no logout answer sent");
      return;
    }
    for (Map.Entry<String, String> header : answer.headers()) {
      response.addHeader(header.getKey(), header.getValue());
    }
    if (answer.errorPage()) {
      response.sendError(answer.status(), answer.body());
      return;
    }
    response.setStatus(answer.status());
    if (answer.body() != null) {
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      response.setContentType(answer.contentType());
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } else if (answer.contentType() != null) {
      // A HEAD: the type and length a GET would have, no body.
      response.setContentType(answer.contentType());
    }
  }

  /**
   * Writes the endpoint's answer: at once when it is ready (refused, nothing to revoke) or the
   * chain is not async-supported (the container thread then waits, never past {@code timeout});
   * else once MoonKey has answered, the container thread released meanwhile.
   */
  static void respond(
      HttpServletRequest request,
      HttpServletResponse response,
      CompletionStage<LogoutResponder.Answer> stage,
      Blocking blocking)
      throws IOException {
    CompletableFuture<LogoutResponder.Answer> answer = stage.toCompletableFuture();
    if (answer.isDone() || !request.isAsyncSupported()) {
      if (!answer.isDone()) {
        blocking.noticed();
      }
      write(response, answer.join());
      return;
    }
    later(request, response, answer, blocking.timeout.toMillis(), done -> write(response, done));
  }

  /**
   * Says once per filter, at INFO and under the filter's logger, that a chain without async support
   * holds container threads.
   */
  static final class Blocking {
    private static final Logger FILTER_LOG = System.getLogger(LogoutFilter.class.getName());

    private final Duration timeout;
    private final AtomicBoolean logged = new AtomicBoolean();

    Blocking(Duration timeout) {
      this.timeout = timeout;
    }

    void noticed() {
      if (logged.compareAndSet(false, true)) {
        FILTER_LOG.log(
            Level.INFO,
            "MoonKey LogoutFilter runs in blocking mode (within the {0} ms timeout): the filter or"
                + " a servlet in its chain is not async-supported; mark them"
                + " <async-supported>true</async-supported> to release container threads while"
                + " MoonKey answers",
            timeout.toMillis());
      }
    }
  }

  /** Writes the answer for a result; may throw what writing a response throws. */
  @FunctionalInterface
  interface Writer<T> {
    void write(T result) throws IOException;
  }

  /**
   * Releases the container thread while the stage runs (Servlet async), then writes its answer from
   * the thread that completes it. The stage's own budget ends the wait; the async timeout, {@code
   * timeoutMillis} plus a margin, only guards against a stage that never ends. Exactly one of the
   * stage, the container's timeout and the container's error (a client that left) settles the
   * exchange; the others find it settled and do nothing (see {@link Exchange}).
   */
  static <T> void later(
      HttpServletRequest request,
      HttpServletResponse response,
      CompletableFuture<T> stage,
      long timeoutMillis,
      Writer<T> writer) {
    laterWithin(request, response, stage, timeoutMillis + ASYNC_TIMEOUT_MARGIN_MILLIS, writer);
  }

  /** As {@code later}, with the container's async timeout given as it is. */
  static <T> void laterWithin(
      HttpServletRequest request,
      HttpServletResponse response,
      CompletableFuture<T> stage,
      long asyncTimeoutMillis,
      Writer<T> writer) {
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(asyncTimeoutMillis);
    Exchange exchange = new Exchange(async, response);
    // GlassFish (7.0.21, 8.0.0) sets the status of the response a listener was added with to 200
    // before it tells the listener of any event, its completion included, which turned the 303
    // written just before complete() into a 200. The listener writes to the response itself: it is
    // added with a view of it whose status nobody else can change.
    async.addListener(exchange, request, new StatusKept(response));
    stage.whenComplete(
        (result, failure) -> {
          if (!exchange.claim()) {
            return;
          }
          try {
            if (result != null) {
              writer.write(result);
            } else {
              LOG.log(Level.ERROR, "Logout failed unexpectedly", failure);
              response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not write the logout answer: client gone?", e);
          } finally {
            exchange.finish();
          }
        });
  }

  /** A response whose status cannot be set through it; everything else reaches the response. */
  static final class StatusKept extends HttpServletResponseWrapper {
    StatusKept(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setStatus(int status) {
      // kept: see laterWithin
    }
  }

  /**
   * One async logout exchange: whoever claims it first (the stage with its answer, the container's
   * timeout with a 500, the container's error with nothing to write) completes it; the others leave
   * the response alone, so that nothing is written to a response the container has recycled.
   */
  private static final class Exchange implements AsyncListener {

    /** How long a timeout that lost the race waits for the answer being written to finish. */
    private static final long WRITER_GRACE_MILLIS = 1_000;

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    Exchange(AsyncContext async, HttpServletResponse response) {
      this.async = async;
      this.response = response;
    }

    boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    /** Completes the exchange; once only, after a successful {@link #claim()}. */
    void finish() {
      try {
        async.complete();
      } catch (IllegalStateException e) {
        LOG.log(Level.DEBUG, "The container ended the logout exchange first", e);
      } finally {
        finished.countDown();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
      if (!claim()) {
        awaitWriter();
        return;
      }
      LOG.log(
          Level.ERROR,
          "The logout did not end within the container's async timeout; answered 500 (the"
              + " session was invalidated before the revocation started, the cookie deletions"
              + " were not sent)");
      try {
        if (!response.isCommitted()) {
          response.setHeader("Cache-Control", "no-store");
          response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
      } finally {
        finish();
      }
    }

    @Override
    public void onError(AsyncEvent event) {
      if (!claim()) {
        awaitWriter();
        return;
      }
      LOG.log(Level.DEBUG, "The logout exchange ended early: client gone?", event.getThrowable());
      finish();
    }

    private void awaitWriter() {
      try {
        if (!finished.await(WRITER_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
          LOG.log(
              Level.WARNING, "The logout answer was still being written when the exchange ended");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      // Settled: a stage that completes from now on finds the exchange claimed.
      claimed.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // Not re-started: one exchange per logout.
    }
  }
}
