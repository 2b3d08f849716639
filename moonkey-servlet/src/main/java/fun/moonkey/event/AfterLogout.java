package fun.moonkey.event;

import java.util.List;
import java.util.Objects;

/**
 * Sent when MoonKey has answered (or the timeout has passed): the local logout is done.
 *
 * @param trigger what started the logout
 * @param outcome what became of the MoonKey side
 * @param credentials the credentials revoked or tried, as {@code field#hash} (never a value)
 */
public record AfterLogout(Trigger trigger, LogoutOutcome outcome, List<String> credentials) {

  /** Checks and copies. */
  public AfterLogout {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(outcome, "outcome");
    credentials = List.copyOf(credentials);
  }
}
