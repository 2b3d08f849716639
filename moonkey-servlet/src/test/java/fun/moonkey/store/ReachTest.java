package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.RevocationOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reach of a pending revocation as the stores keep it: the type fields earlier versions wrote
 * read as one session, the owner's reaches survive the journal, and the seal binds them.
 */
class ReachTest {

  private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
  private static final SealingKeys KEYS = SealingKeys.of("sk_test_reach");

  @TempDir Path dir;

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  @Test
  void fieldsOfEarlierVersionsReadAsOneSession() {
    for (CredentialType type : CredentialType.values()) {
      Reach.Kind kind = Reach.parse(type.field());
      assertEquals(new Reach.Kind(Reach.SESSION, type), kind);
      assertEquals(type.field(), Reach.SESSION.field(type));
    }
  }

  @Test
  void ownerReachesRoundTripWithinTheTablesSixteenCharacters() {
    for (Reach reach : List.of(Reach.EVERY_SESSION_OF_OWNER, Reach.OTHER_SESSIONS_OF_OWNER)) {
      for (CredentialType type :
          List.of(CredentialType.SESSION_TOKEN, CredentialType.SESSION_JWT)) {
        String field = reach.field(type);
        assertTrue(field.length() <= Reach.MAX_FIELD && Reach.MAX_FIELD <= 16, field);
        assertEquals(new Reach.Kind(reach, type), Reach.parse(field));
      }
    }
    assertEquals(
        "a:session_token", Reach.EVERY_SESSION_OF_OWNER.field(CredentialType.SESSION_TOKEN));
    assertEquals("o:session_jwt", Reach.OTHER_SESSIONS_OF_OWNER.field(CredentialType.SESSION_JWT));
  }

  @Test
  void fieldsNoVersionWritesAreDamaged() {
    assertNull(Reach.parse("a:session_id"), "an id cannot be verified");
    assertNull(Reach.parse("x:session_token"));
    assertNull(Reach.parse("a:"));
    assertNull(Reach.parse(null));
  }

  @Test
  void aUsersItemHasOneFieldAndNamesTheUserByHashOnly() {
    Credential item = Reach.userItem("user_1");
    assertEquals("u:user_id", Reach.EVERY_SESSION_OF_USER.field(item.type()));
    assertEquals(
        new Reach.Kind(Reach.EVERY_SESSION_OF_USER, CredentialType.SESSION_ID),
        Reach.parse("u:user_id"));
    assertNull(Reach.parse("u:session_token"), "no version writes a user's reach with a token");
    assertEquals(
        "every session of user_id#" + Credential.hashOf("user_1"),
        Reach.EVERY_SESSION_OF_USER.describe(item));
  }

  @Test
  void aUsersItemSurvivesTheJournalAndItsSealBindsTheReach() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(Reach.userItem("user_1"), Reach.EVERY_SESSION_OF_USER, T);
    }
    String line = Files.readString(store.resolve("pending.journal"), StandardCharsets.ISO_8859_1);
    assertFalse(line.contains("user_1"), "the user id is sealed");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      List<PendingRevocation> pending = journal.pending();
      assertEquals(1, pending.size());
      assertEquals(Reach.EVERY_SESSION_OF_USER, pending.get(0).reach());
      assertEquals("user_1", pending.get(0).credential().value());
    }
  }

  @Test
  void theJournalKeepsTheReachAcrossAReopen() {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_one"), T);
      journal.add(token("tok_all"), Reach.EVERY_SESSION_OF_OWNER, T);
      journal.add(token("tok_others"), Reach.OTHER_SESSIONS_OF_OWNER, T);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      List<PendingRevocation> pending = journal.pending();
      assertEquals(
          List.of(Reach.SESSION, Reach.EVERY_SESSION_OF_OWNER, Reach.OTHER_SESSIONS_OF_OWNER),
          pending.stream().map(PendingRevocation::reach).toList());
      assertEquals(
          List.of("tok_one", "tok_all", "tok_others"),
          pending.stream().map(p -> p.credential().value()).toList());
    }
  }

  @Test
  void aRecordWidenedFromOneSessionToEverySessionDoesNotOpen() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_one"), T);
    }
    Path file = store.resolve("pending.journal");
    String line = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
    String widened = line.substring(9).replace(" session_token ", " a:session_token ");
    Files.writeString(file, crc(widened) + " " + widened + "\n", StandardCharsets.ISO_8859_1);

    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of(), journal.pending(), "the seal is bound to the whole type field");
    }
  }

  @Test
  void anOwnersDeliveryIsRevokedOnlyWhenEveryDeleteIs() {
    RevocationOutcome revoked = new RevocationOutcome.Revoked(200);
    RevocationOutcome gone = new RevocationOutcome.AlreadyGone();
    RevocationOutcome unavailable =
        new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null);
    RevocationOutcome rejected = new RevocationOutcome.Rejected(422, "validation_error");

    assertEquals(revoked, OwnerDelivery.combined(List.of()));
    assertEquals(revoked, OwnerDelivery.combined(List.of(revoked, gone)));
    assertEquals(unavailable, OwnerDelivery.combined(List.of(revoked, rejected, unavailable)));
    assertEquals(rejected, OwnerDelivery.combined(List.of(gone, rejected)));
  }

  private static String crc(String record) {
    CRC32 crc = new CRC32();
    crc.update(record.getBytes(StandardCharsets.ISO_8859_1));
    return String.format("%08x", crc.getValue());
  }
}
