package fun.moonkey.config;

/**
 * What a caller is told when the revocation at MoonKey failed; see {@link
 * ConfigKeys#ON_REVOCATION_FAILURE}.
 */
public enum FailurePolicy {
  /** Answer success, with {@code "revocation": "pending"} (or {@code "failed"}) in JSON. */
  PENDING,
  /** Answer {@code 500 {"error": "Logout failed"}}. */
  FAIL
}
