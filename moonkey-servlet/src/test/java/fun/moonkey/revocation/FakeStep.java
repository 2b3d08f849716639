package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import java.util.ArrayList;
import java.util.List;

/** A step whose attempts the test completes by hand; it records each start and each abort. */
final class FakeStep<T> implements Step<T> {

  /** One attempt this step started. */
  static final class Started<T> extends Attempt<T> {
    final Budget budget;
    final List<TransientFailure> aborts = new ArrayList<>();

    Started(Budget budget) {
      this.budget = budget;
    }

    @Override
    void aborting(TransientFailure why) {
      synchronized (aborts) {
        aborts.add(why);
      }
    }

    void answer(T value) {
      result.complete(value);
    }
  }

  final List<Started<T>> started = new ArrayList<>();

  @Override
  public synchronized Attempt<T> start(Budget budget) {
    Started<T> attempt = new Started<>(budget);
    started.add(attempt);
    return attempt;
  }

  synchronized Started<T> last() {
    return started.get(started.size() - 1);
  }

  synchronized int starts() {
    return started.size();
  }
}
