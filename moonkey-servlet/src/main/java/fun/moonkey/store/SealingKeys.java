package fun.moonkey.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The keys a local journal seals and opens credentials with: new values are sealed with the current
 * secret key's {@link Sealer}; stored ones open with it or, after a key rotation, with the previous
 * secret key's ({@code previous-secret-key}), so that what was queued under the old key is still
 * delivered. Thread-safe.
 */
final class SealingKeys {

  private final Sealer current;
  private final Sealer previous;

  private SealingKeys(Sealer current, Sealer previous) {
    this.current = Objects.requireNonNull(current, "current");
    this.previous = previous;
  }

  /** The keys of a client without a previous secret key. */
  static SealingKeys of(String secretKey) {
    return of(secretKey, Optional.empty());
  }

  /**
   * @param secretKey the MoonKey secret key: new values are sealed with it
   * @param previousSecretKey the key it replaced, whose sealed values still open
   */
  static SealingKeys of(String secretKey, Optional<String> previousSecretKey) {
    return new SealingKeys(new Sealer(secretKey), previousSecretKey.map(Sealer::new).orElse(null));
  }

  /** {@code value} sealed with the current key, bound to {@code binding}. */
  String seal(String value, String binding) {
    return current.seal(value, binding);
  }

  /**
   * @return the value, when it opens with the current or the previous key; empty when it opens with
   *     neither (another key, or damage)
   */
  Optional<String> open(String sealed, String binding) {
    try {
      return Optional.of(current.open(sealed, binding));
    } catch (IllegalArgumentException notCurrent) {
      if (previous == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(previous.open(sealed, binding));
      } catch (IllegalArgumentException neither) {
        return Optional.empty();
      }
    }
  }

  @Override
  public String toString() {
    return "SealingKeys[AES-256-GCM, "
        + (previous == null ? "one key" : "with a previous key")
        + "]";
  }
}
