package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An async logout exchange is settled once: by its answer, by the container's timeout (a stage that
 * never ends), or by a client that left; what comes after finds it settled and writes nothing. Real
 * Jetty, with stages the test completes itself.
 */
class ServletAnswerAsyncTest {

  private final LinkedBlockingQueue<CompletableFuture<String>> stages = new LinkedBlockingQueue<>();
  private final AtomicInteger writes = new AtomicInteger();
  private JettyApp app;

  private void start(long asyncTimeoutMillis) throws Exception {
    app =
        JettyApp.create("/app")
            .servlet(
                new HttpServlet() {
                  @Override
                  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
                    CompletableFuture<String> stage = new CompletableFuture<>();
                    ServletAnswer.laterWithin(
                        request,
                        response,
                        stage,
                        asyncTimeoutMillis,
                        body -> {
                          writes.incrementAndGet();
                          response.setContentType("text/plain");
                          response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
                        });
                    stages.add(stage);
                  }
                },
                "/logout")
            .start();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theAnswerOfAStageIsWrittenOnce() throws Exception {
    start(60_000);
    CompletableFuture<HttpResponse<String>> answer =
        CompletableFuture.supplyAsync(() -> post(app.uri("/logout")));
    stages.take().complete("logged out");

    HttpResponse<String> response = answer.join();
    assertEquals(200, response.statusCode());
    assertEquals("logged out", response.body());
    assertEquals(1, writes.get());
  }

  @Test
  void aStageThatNeverEndsIsAnswered500AtTheAsyncTimeoutAndNotWrittenAfter() throws Exception {
    start(300);
    HttpResponse<String> response = post(app.uri("/logout"));
    assertEquals(500, response.statusCode());
    assertTrue(
        response.headers().firstValue("Cache-Control").orElse("").contains("no-store"),
        response.headers().toString());

    // The stage ends after the container gave up: nothing is written to the recycled response.
    stages.take().complete("too late");
    assertEquals(0, writes.get(), "the late stage found the exchange settled");
    // The container still serves the next exchange on a fresh request.
    CompletableFuture<HttpResponse<String>> next =
        CompletableFuture.supplyAsync(() -> post(app.uri("/logout")));
    stages.take().complete("next");
    assertEquals("next", next.join().body());
  }

  /**
   * Jetty 12 does not report a client that left while the exchange waits (it finds out at the
   * write, which the writer's catch handles), so the container's {@code onError} is played here on
   * a recording {@link AsyncContext}.
   */
  @Test
  void anExchangeTheContainerEndsWithAnErrorIsSettledAndTheLateAnswerIsNotWritten() {
    List<AsyncListener> listeners = new ArrayList<>();
    AtomicInteger completions = new AtomicInteger();
    AsyncContext async =
        stub(
            AsyncContext.class,
            (method, args) -> {
              switch (method) {
                case "addListener" -> listeners.add((AsyncListener) args[0]);
                case "complete" -> {
                  completions.incrementAndGet();
                  listeners.forEach(listener -> quietly(() -> listener.onComplete(null)));
                }
                default -> {}
              }
              return null;
            });
    HttpServletRequest request =
        stub(
            HttpServletRequest.class, (method, args) -> method.equals("startAsync") ? async : null);
    HttpServletResponse response = stub(HttpServletResponse.class, (method, args) -> null);
    CompletableFuture<String> stage = new CompletableFuture<>();

    ServletAnswer.laterWithin(request, response, stage, 60_000, body -> writes.incrementAndGet());
    listeners.forEach(
        listener ->
            quietly(() -> listener.onError(new AsyncEvent(async, new IOException("reset")))));
    stage.complete("late");

    assertEquals(0, writes.get(), "the late stage found the exchange settled");
    assertEquals(1, completions.get(), "the exchange was completed once, by its error");
  }

  /**
   * GlassFish (7.0.21, 8.0.0) sets the status of the response a listener was added with to 200
   * before it tells the listener of each event, completion included; the answer's status, written
   * before the exchange completes, stays. Played on a recording {@link AsyncContext} that does what
   * GlassFish does; the matrix runs the real GlassFish.
   */
  @Test
  void aContainerThatResetsTheStatusForItsListenersDoesNotChangeTheAnswersStatus() {
    List<AsyncListener> listeners = new ArrayList<>();
    List<HttpServletResponse> supplied = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    HttpServletResponse response =
        stub(
            HttpServletResponse.class,
            (method, args) -> {
              if (method.equals("setStatus")) {
                statuses.add((Integer) args[0]);
              }
              return null;
            });
    AsyncContext async =
        stub(
            AsyncContext.class,
            (method, args) -> {
              switch (method) {
                case "addListener" -> {
                  listeners.add((AsyncListener) args[0]);
                  supplied.add(args.length == 3 ? (HttpServletResponse) args[2] : response);
                }
                case "complete" -> {
                  for (int i = 0; i < listeners.size(); i++) {
                    supplied.get(i).setStatus(200);
                    AsyncListener listener = listeners.get(i);
                    quietly(() -> listener.onComplete(null));
                  }
                }
                default -> {}
              }
              return null;
            });
    HttpServletRequest request =
        stub(
            HttpServletRequest.class, (method, args) -> method.equals("startAsync") ? async : null);
    CompletableFuture<Integer> stage = new CompletableFuture<>();

    ServletAnswer.laterWithin(request, response, stage, 60_000, response::setStatus);
    stage.complete(303);

    assertEquals(List.of(303), statuses, "the statuses the response was given");
  }

  private interface Call {
    Object answer(String method, Object[] args);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void quietly(Action action) {
    try {
      action.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T stub(Class<T> type, Call call) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object answer = call.answer(method.getName(), args);
              if (answer == null && method.getReturnType() == boolean.class) {
                return false;
              }
              return answer;
            }));
  }

  private static HttpResponse<String> post(URI uri) {
    try {
      return Http.to(uri).post();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
