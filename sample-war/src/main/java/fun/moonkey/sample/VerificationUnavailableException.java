package fun.moonkey.sample;

/**
 * MoonKey could not say whether a session token is valid (unreachable, slow, or an unexpected
 * answer). The message names the cause, never the token.
 */
public final class VerificationUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  VerificationUnavailableException(String message) {
    super(message);
  }
}
