package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import java.util.Objects;

/**
 * Which sessions a pending revocation ends: the one session its credential names, every session of
 * the user who owns that credential (a "log out everywhere" whose list could not be had), or every
 * session of a user named by MoonKey's user id (an administrator's {@code endAllSessionsOf} whose
 * list could not be had). The stores keep it in the record's type field, {@link
 * #field(CredentialType)}, so that records of earlier versions ({@code session_token}) read as
 * {@link #SESSION}.
 *
 * <p>A {@link #EVERY_SESSION_OF_USER} item keeps the user's id where the others keep a credential
 * (the stores seal one string per item): see {@link #userItem(String)}.
 */
public enum Reach {
  /** The session the credential names. */
  SESSION(""),
  /** Every session of the credential's owner, the credential's own included ({@code all}). */
  EVERY_SESSION_OF_OWNER("a:"),
  /** Every session of the credential's owner but the credential's own ({@code others}). */
  OTHER_SESSIONS_OF_OWNER("o:"),
  /**
   * Every session of the user whose MoonKey id the item holds ({@link #userItem}): listed and
   * deleted by id at delivery, nothing verified.
   */
  EVERY_SESSION_OF_USER("u:");

  /** The type field of a {@link #EVERY_SESSION_OF_USER} item. */
  static final String USER_FIELD = "u:user_id";

  /** The longest {@link #field}: {@code o:session_token}, within the table's 16 characters. */
  static final int MAX_FIELD = 15;

  private final String prefix;

  Reach(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The record's type field: the credential's field, prefixed for the owner's sessions ({@code
   * a:session_token}, {@code o:session_jwt}); short, since the shared table's column holds 16.
   */
  String field(CredentialType type) {
    return this == EVERY_SESSION_OF_USER ? USER_FIELD : prefix + type.field();
  }

  /**
   * The item of {@link #EVERY_SESSION_OF_USER} for a user: the user's id carried as the item's
   * value (typed {@link CredentialType#SESSION_ID}, which is never sent for this reach).
   *
   * @param userId MoonKey's id of the user, acceptable as a credential ({@link
   *     Credential#isAcceptable})
   */
  public static Credential userItem(String userId) {
    return new Credential(CredentialType.SESSION_ID, userId, "MoonKey user id");
  }

  /** For logs, without the id: {@code user_id#1a2b3c4d}. */
  public static String userHash(String userId) {
    return "user_id#" + Credential.hashOf(userId);
  }

  /**
   * For logs, without the credential: {@code session_token#1a2b3c4d}, or {@code every session of
   * the user of session_token#1a2b3c4d}.
   */
  String describe(Credential credential) {
    return switch (this) {
      case SESSION -> credential.hash();
      case EVERY_SESSION_OF_OWNER -> "every session of the user of " + credential.hash();
      case OTHER_SESSIONS_OF_OWNER -> "every other session of the user of " + credential.hash();
      case EVERY_SESSION_OF_USER -> "every session of " + userHash(credential.value());
    };
  }

  /** True when the credential's owner is looked up at delivery (verified). */
  boolean ofOwner() {
    return this == EVERY_SESSION_OF_OWNER || this == OTHER_SESSIONS_OF_OWNER;
  }

  /**
   * A record's type field, read.
   *
   * @param field as {@link #field} wrote it, or as earlier versions did
   * @return the reach and credential type, or null for a field no version writes
   */
  static Kind parse(String field) {
    if (field == null) {
      return null;
    }
    if (field.equals(USER_FIELD)) {
      return new Kind(EVERY_SESSION_OF_USER, CredentialType.SESSION_ID);
    }
    for (Reach reach : values()) {
      if (reach.ofOwner() && field.startsWith(reach.prefix)) {
        CredentialType type = PendingJournal.type(field.substring(reach.prefix.length()));
        // An id cannot be verified: no version writes it with an owner's reach.
        return type == null || type == CredentialType.SESSION_ID ? null : new Kind(reach, type);
      }
    }
    CredentialType type = PendingJournal.type(field);
    return type == null ? null : new Kind(SESSION, type);
  }

  /** A record's type field, read: its reach and its credential's type. */
  record Kind(Reach reach, CredentialType type) {
    /** Checks for nulls. */
    Kind {
      Objects.requireNonNull(reach, "reach");
      Objects.requireNonNull(type, "type");
    }
  }
}
