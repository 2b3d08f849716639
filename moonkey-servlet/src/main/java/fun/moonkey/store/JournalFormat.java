package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The lines of {@code pending.journal}: ASCII, one record a line, each prefixed with the CRC-32 of
 * the rest of it in 8 hex digits.
 *
 * <pre>
 * 1a2b3c4d S 17 session_token &lt;sealed&gt; 1764100000000  (added: id, type, sealed value, first failure)
 * 3a4b5c6d S 18 a:session_jwt &lt;sealed&gt; 1764100000000  (added: every session of the JWT's owner)
 * 5e6f7a8b D 17                                          (done: delivered or given up)
 * 9c0d1e2f A 17 session_token c2VjcmV0 1764100000000    (added, unsealed, as earlier versions wrote it)
 * </pre>
 *
 * <p>An {@code S} record's value is sealed with AES-256-GCM under a key derived from the MoonKey
 * secret key ({@link Sealer}, as the shared table does), bound to the record's id and type, so it
 * does not open in another record. {@code A} records (the value in base64url, unsealed) are only
 * read: journals of the previous release still load, and the compaction at open rewrites them as
 * {@code S}. Stateless.
 */
final class JournalFormat {

  /** A line, read. */
  sealed interface Line permits Added, Unreadable, Done {}

  /** A revocation added, its value opened. */
  record Added(long id, Credential credential, Reach reach, Instant firstFailed) implements Line {}

  /**
   * A revocation added whose value opens with none of this client's keys: sealed under another
   * secret key. Kept as it is ({@code body}), never delivered from here.
   */
  record Unreadable(long id, String body) implements Line {}

  /** A revocation done. */
  record Done(long id) implements Line {}

  private JournalFormat() {}

  /** The record of an added revocation, its value sealed with the current key. */
  static String added(PendingRevocation entry, SealingKeys keys) {
    Credential credential = entry.credential();
    return "S "
        + entry.id()
        + " "
        + entry.field()
        + " "
        + keys.seal(credential.value(), binding(entry.id(), entry.field()))
        + " "
        + entry.firstFailed().toEpochMilli();
  }

  /** The record of a revocation done. */
  static String done(long id) {
    return "D " + id;
  }

  /** {@code record} as a line: checksum, space, record, newline. */
  static byte[] framed(String record) {
    return (crc(record) + " " + record + "\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads one line (without its newline).
   *
   * @return the record; empty when the line is damaged: torn, its checksum wrong, or a value that
   *     is no acceptable credential
   */
  static Optional<Line> parse(String text, SealingKeys keys) {
    String body = checked(text);
    if (body == null) {
      return Optional.empty();
    }
    String[] parts = body.split(" ", -1);
    try {
      if (parts[0].equals("D") && parts.length == 2) {
        return Optional.of(new Done(Long.parseLong(parts[1])));
      }
      if (parts.length != 5 || !(parts[0].equals("S") || parts[0].equals("A"))) {
        return Optional.empty();
      }
      long id = Long.parseLong(parts[1]);
      Reach.Kind kind = Reach.parse(parts[2]);
      Instant first = Instant.ofEpochMilli(Long.parseLong(parts[4]));
      if (kind == null || (parts[0].equals("A") && kind.reach() != Reach.SESSION)) {
        return Optional.empty();
      }
      Optional<String> value =
          parts[0].equals("S")
              ? keys.open(parts[3], binding(id, parts[2]))
              : Optional.of(
                  new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8));
      if (value.isEmpty()) {
        return Optional.of(new Unreadable(id, body));
      }
      if (!Credential.isAcceptable(value.get())) {
        return Optional.empty();
      }
      return Optional.of(
          new Added(
              id, new Credential(kind.type(), value.get(), "pending-store"), kind.reach(), first));
    } catch (IllegalArgumentException | DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * How many revocations a journal's text holds that are added and not done, counted without
   * opening their values: for a journal of another key.
   */
  static int waiting(String text) {
    Set<String> waiting = new HashSet<>();
    for (String line : text.split("\n", -1)) {
      String body = checked(line);
      if (body == null) {
        continue;
      }
      String[] parts = body.split(" ", -1);
      if (parts.length == 5 && (parts[0].equals("S") || parts[0].equals("A"))) {
        waiting.add(parts[1]);
      } else if (parts.length == 2 && parts[0].equals("D")) {
        waiting.remove(parts[1]);
      }
    }
    return waiting.size();
  }

  /** The record of a line whose checksum holds, else null. */
  private static String checked(String text) {
    if (text.length() < 10 || text.charAt(8) != ' ') {
      return null;
    }
    String body = text.substring(9);
    return text.substring(0, 8).equals(crc(body)) ? body : null;
  }

  /**
   * What a sealed value is bound to: its record's id and type field, reach included, so that a
   * record cannot be widened from one session to a user's every session.
   */
  private static String binding(long id, String field) {
    return "pending.journal " + id + " " + field;
  }

  private static String crc(String record) {
    CRC32 crc = new CRC32();
    crc.update(record.getBytes(StandardCharsets.ISO_8859_1));
    return String.format("%08x", crc.getValue());
  }
}
