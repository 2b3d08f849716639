package fun.moonkey.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * The scripted answers for MoonKey API requests: a first-in first-out queue, then an optional
 * default reply. Thread-safe.
 */
final class ReplyScript {

  private final Deque<Reply> queue = new ArrayDeque<>();
  private Reply defaultReply;

  synchronized void enqueue(Reply... replies) {
    Objects.requireNonNull(replies, "replies");
    for (int i = 0; i < replies.length; i++) {
      Objects.requireNonNull(replies[i], "replies[" + i + "]");
    }
    for (Reply reply : replies) {
      queue.addLast(reply);
    }
  }

  synchronized void setDefault(Reply reply) {
    defaultReply = reply;
  }

  /**
   * Takes the next queued reply, else returns the default reply.
   *
   * @return empty when neither applies and the stateful API should answer
   */
  synchronized Optional<Reply> next() {
    Reply queued = queue.pollFirst();
    return Optional.ofNullable(queued != null ? queued : defaultReply);
  }

  synchronized void clear() {
    queue.clear();
    defaultReply = null;
  }
}
