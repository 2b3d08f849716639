package fun.moonkey.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sent before the {@code HttpSession} is invalidated: the session is still readable, through {@link
 * #sessionAttribute}, for the duration of {@link LogoutListener#beforeLogout} only.
 */
public final class BeforeLogout {

  private final Trigger trigger;
  private final List<String> credentials;
  private final Function<String, Optional<Object>> attributes;

  /**
   * @param trigger what started the logout
   * @param credentials the credentials about to be revoked, as {@code field#hash} (never a value)
   * @param attributes reads an attribute of the session that is ending
   */
  public BeforeLogout(
      Trigger trigger, List<String> credentials, Function<String, Optional<Object>> attributes) {
    this.trigger = Objects.requireNonNull(trigger, "trigger");
    this.credentials = List.copyOf(credentials);
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  /** What started the logout. */
  public Trigger trigger() {
    return trigger;
  }

  /** The credentials about to be revoked, as {@code session_id#1a2b3c4d}; never a value. */
  public List<String> credentials() {
    return credentials;
  }

  /**
   * @param name an attribute name
   * @return the attribute of the ending session; empty when there is none or no session
   */
  public Optional<Object> sessionAttribute(String name) {
    try {
      return attributes.apply(name);
    } catch (IllegalStateException invalidated) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "BeforeLogout[" + trigger + ", " + credentials + "]";
  }
}
