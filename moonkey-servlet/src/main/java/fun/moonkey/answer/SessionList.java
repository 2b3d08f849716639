package fun.moonkey.answer;

import fun.moonkey.revocation.MoonKeySession;
import fun.moonkey.revocation.RevocationOutcome;
import java.util.List;
import java.util.Objects;

/**
 * What asking for a user's list of their MoonKey sessions came to ({@code sessions-api}, {@code
 * LogoutService.sessionsOf}): the list, no signed-in user, or MoonKey without an answer.
 */
public sealed interface SessionList {

  /**
   * The signed-in user's sessions, in MoonKey's order.
   *
   * @param sessions each session, and whether it is the request's own
   */
  record Listed(List<Entry> sessions) implements SessionList {
    /** Copies the list. */
    public Listed {
      sessions = List.copyOf(sessions);
    }
  }

  /**
   * One session of the list.
   *
   * @param session what MoonKey says about it
   * @param current true for the session of the request that asked
   */
  record Entry(MoonKeySession session, boolean current) {
    /** Requires the session. */
    public Entry {
      Objects.requireNonNull(session, "session");
    }
  }

  /** The request holds no MoonKey session that MoonKey knows: nobody to list the sessions of. */
  record NotSignedIn() implements SessionList {}

  /**
   * MoonKey gave no usable answer to verify or list within {@code timeout}: down, slow, 5xx, the
   * circuit breaker open, or a refused secret key (logged at ERROR).
   *
   * @param cause what went wrong, for logs and metrics; never carries a credential
   */
  record Unavailable(RevocationOutcome cause) implements SessionList {
    /** Requires the cause. */
    public Unavailable {
      Objects.requireNonNull(cause, "cause");
    }
  }
}
