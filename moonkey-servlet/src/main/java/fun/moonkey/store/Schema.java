package fun.moonkey.store;

import java.util.List;

/**
 * The tables the library keeps in the application's database, in one portable dialect ({@code
 * BIGINT}, {@code VARCHAR}, no vendor syntax): what a schema managed by hand needs, and what the
 * library creates when a table is missing. The README shows the same statements.
 */
public final class Schema {

  /** Pending revocations that every node may deliver (a {@code jdbc:} pending-store). */
  public static final String PENDING = "moonkey_pending";

  /**
   * The fingerprints of revoked credentials ({@code enforce-revocations}), each at a position
   * ({@code seq}) that the database hands out in commit order. A new name: the table {@code
   * moonkey_revoked} of earlier releases (stamped with the writers' clocks) is only read, once, at
   * start-up.
   */
  public static final String REVOKED = "moonkey_revoked_log";

  /** Each project's last position in {@link #REVOKED}, taken under the row's lock. */
  public static final String REVOKED_HEAD = "moonkey_revoked_head";

  private Schema() {}

  /** The statements that create {@code table} and its index. */
  public static List<String> ddl(String table) {
    return switch (table) {
      case PENDING ->
          List.of(
              "CREATE TABLE "
                  + PENDING
                  + " (id BIGINT NOT NULL PRIMARY KEY, project VARCHAR(16) NOT NULL,"
                  + " credential_type VARCHAR(16) NOT NULL, credential_hash VARCHAR(64) NOT NULL,"
                  + " sealed VARCHAR(6000) NOT NULL, first_failed BIGINT NOT NULL,"
                  + " lease_owner VARCHAR(36) NOT NULL, lease_until BIGINT NOT NULL)",
              "CREATE INDEX " + PENDING + "_lease ON " + PENDING + " (project, lease_until)");
      case REVOKED ->
          List.of(
              "CREATE TABLE "
                  + REVOKED
                  + " (project VARCHAR(16) NOT NULL, seq BIGINT NOT NULL,"
                  + " fingerprint BIGINT NOT NULL, PRIMARY KEY (project, seq))");
      case REVOKED_HEAD ->
          List.of(
              "CREATE TABLE "
                  + REVOKED_HEAD
                  + " (project VARCHAR(16) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL)");
      default -> throw new IllegalArgumentException("not a table of the library: " + table);
    };
  }
}
