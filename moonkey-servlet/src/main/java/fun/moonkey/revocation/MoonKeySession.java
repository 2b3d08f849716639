package fun.moonkey.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One of a user's sessions as {@code GET /v1/auth/sessions/list} describes it: its id and what
 * MoonKey says about it. Only these fields are read from MoonKey's answer, so a token or JWT that
 * the list might carry never gets further. Each value but the id is null when MoonKey's entry does
 * not give it as a string; each is at most {@link #MAX_LENGTH} characters, control characters
 * removed.
 *
 * @param id the session's id
 * @param createdAt when it was created ({@code created_at}, as MoonKey writes it)
 * @param lastActiveAt when it was last active ({@code last_active_at})
 * @param expiresAt when it expires ({@code expires_at})
 * @param userAgent the device's {@code User-Agent} ({@code user_agent})
 * @param ipAddress the device's IP address ({@code ip_address})
 */
public record MoonKeySession(
    String id,
    String createdAt,
    String lastActiveAt,
    String expiresAt,
    String userAgent,
    String ipAddress) {

  /** The most characters of a field kept. */
  public static final int MAX_LENGTH = 512;

  /** Requires the id. */
  public MoonKeySession {
    Objects.requireNonNull(id, "id");
  }

  /** An entry of MoonKey's list whose id is already checked. */
  static MoonKeySession of(String id, JsonNode entry) {
    return new MoonKeySession(
        id,
        text(entry, "created_at"),
        text(entry, "last_active_at"),
        text(entry, "expires_at"),
        text(entry, "user_agent"),
        text(entry, "ip_address"));
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual()) {
      return null;
    }
    String text = value.textValue().replaceAll("\\p{Cntrl}", "");
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }
}
