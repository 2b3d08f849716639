package fun.moonkey.revocation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads one answer on the client's I/O thread: its status, {@code Retry-After} and at most a bound
 * of its body, which the head decides ({@code limit}). The {@link #answer()} completes there, as
 * soon as it is known: at the body's end, or once the bound is reached, after which any further
 * byte fails the exchange so that the client closes the connection instead of draining it. A
 * failed, timed-out or cancelled exchange completes it exceptionally.
 *
 * <p>The client calls one instance serially; {@link #answer()} may be read from any thread.
 */
final class BoundedBody implements AsyncResponseConsumer<Void>, FutureCallback<Void> {

  /** One answer: status, {@code Retry-After} (or null), and the body as far as it was read. */
  record Answer(int status, String retryAfter, byte[] body) {}

  /** Thrown to the client to end an exchange whose body went past its bound; no stack trace. */
  private static final class Dropped extends IOException {
    Dropped() {
      super("answer body beyond its bound, connection dropped", null);
      setStackTrace(new StackTraceElement[0]);
    }
  }

  private static final byte[] NONE = new byte[0];

  private final ToIntFunction<HttpResponse> limitOf;
  private final CompletableFuture<Answer> answer = new CompletableFuture<>();
  private FutureCallback<Void> done;
  private int status;
  private String retryAfter;
  private int limit;
  private byte[] bytes = NONE;
  private int size;

  /**
   * @param limitOf how many bytes of the body to keep, from the answer's head (0 or more)
   */
  BoundedBody(ToIntFunction<HttpResponse> limitOf) {
    this.limitOf = limitOf;
  }

  /** A reader that keeps up to {@code limit} bytes of every body. */
  static BoundedBody reading(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 or more, got " + limit);
    }
    return new BoundedBody(head -> limit);
  }

  /** The answer; completes on the I/O thread that read it. */
  CompletableFuture<Answer> answer() {
    return answer;
  }

  @Override
  public void consumeResponse(
      HttpResponse response,
      EntityDetails entity,
      HttpContext context,
      FutureCallback<Void> resultCallback) {
    this.done = resultCallback;
    this.status = response.getCode();
    Header header = response.getFirstHeader("Retry-After");
    this.retryAfter = header == null ? null : header.getValue();
    this.limit = Math.max(0, limitOf.applyAsInt(response));
    if (entity == null) {
      finish();
    } else if (limit == 0) {
      // Known now: an empty body ends the exchange normally, any byte drops the connection.
      answer.complete(new Answer(status, retryAfter, NONE));
    } else {
      bytes = new byte[(int) Math.min(limit, Math.max(entity.getContentLength(), 256))];
    }
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) {}

  @Override
  public void updateCapacity(CapacityChannel channel) throws IOException {
    channel.update(Integer.MAX_VALUE);
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    if (!src.hasRemaining()) {
      return;
    }
    if (size >= limit) {
      answer.complete(new Answer(status, retryAfter, Arrays.copyOf(bytes, size)));
      throw new Dropped();
    }
    int take = Math.min(src.remaining(), limit - size);
    if (size + take > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + take, bytes.length * 2)));
    }
    src.get(bytes, size, take);
    size += take;
    if (size >= limit) {
      answer.complete(new Answer(status, retryAfter, Arrays.copyOf(bytes, size)));
      if (src.hasRemaining()) {
        throw new Dropped();
      }
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    finish();
  }

  private void finish() {
    answer.complete(new Answer(status, retryAfter, size == 0 ? NONE : Arrays.copyOf(bytes, size)));
    if (done != null) {
      done.completed(null);
    }
  }

  /** The body failed to arrive: a read error, a timeout. */
  @Override
  public void failed(Exception cause) {
    answer.completeExceptionally(cause);
  }

  /** The client's callback: the exchange ended. */
  @Override
  public void completed(Void result) {
    // The answer completed first, in streamEnd or at the bound.
  }

  @Override
  public void cancelled() {
    answer.completeExceptionally(new CancellationException("exchange aborted"));
  }

  @Override
  public void releaseResources() {}
}
