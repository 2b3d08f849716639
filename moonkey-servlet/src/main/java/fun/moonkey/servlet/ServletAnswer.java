package fun.moonkey.servlet;

import fun.moonkey.logout.LogoutResponder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
   * timeoutMillis} plus a margin, only guards against a stage that never ends.
   */
  static <T> void later(
      HttpServletRequest request,
      HttpServletResponse response,
      CompletableFuture<T> stage,
      long timeoutMillis,
      Writer<T> writer) {
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(timeoutMillis + ASYNC_TIMEOUT_MARGIN_MILLIS);
    stage.whenComplete(
        (result, failure) -> {
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
            async.complete();
          }
        });
  }
}
