package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingJournalTest {

  private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

  private static final SealingKeys KEYS = SealingKeys.of("sk_test_pending_journal");

  @TempDir Path dir;

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  private static List<String> values(PendingJournal journal) {
    return journal.pending().stream().map(p -> p.credential().value()).toList();
  }

  @Test
  void addedAndNotDoneSurviveAReopen() {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_a"), T);
      long b = journal.add(token("tok_b"), T.plusSeconds(1)).id();
      journal.add(new Credential(CredentialType.SESSION_ID, "sess_c", "test"), T);
      journal.done(b);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_a", "sess_c"), values(journal));
      PendingRevocation first = journal.pending().get(0);
      assertEquals(T, first.firstFailed());
      assertEquals(CredentialType.SESSION_TOKEN, first.credential().type());
      assertEquals(CredentialType.SESSION_ID, journal.pending().get(1).credential().type());
      assertTrue(journal.add(token("tok_d"), T).id() > first.id(), "ids keep increasing");
    }
  }

  @Test
  void aCompactionWhoseMoveFailsLeavesTheJournalTakingEntries() {
    Path store = dir.resolve("store");
    AtomicBoolean refuse = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    try (PendingJournal journal =
        PendingJournal.open(
            store,
            KEYS,
            (tmp, file) -> {
              if (refuse.get()) {
                refused.incrementAndGet();
                throw new IOException("the file system refused the move");
              }
              Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            })) {
      journal.add(token("tok_kept"), T);
      refuse.set(true);
      UncheckedIOException compaction =
          assertThrows(
              UncheckedIOException.class,
              () -> {
                for (int i = 0; i < 1100; i++) {
                  journal.done(journal.add(token("tok_done_" + i), T).id());
                }
              });
      assertTrue(compaction.getMessage().startsWith("cannot compact"), compaction.getMessage());
      assertEquals(2, refused.get(), "the move and its retry with the journal closed");

      journal.add(token("tok_after"), T);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_kept", "tok_after"), values(journal));
    }
  }

  @Test
  void theJournalIsOwnerOnlyAndHoldsNoCredentialInClear() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_plain_secret"), T);
      Path file = store.resolve(PendingJournal.FILE);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
      CredentialTraces.assertNoneIn(file, "tok_plain_secret");
    }
    // Compacted at open: still sealed.
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_plain_secret"), values(journal));
    }
    CredentialTraces.assertNoneIn(store.resolve(PendingJournal.FILE), "tok_plain_secret");
  }

  @Test
  void aJournalOfEarlierVersionsLoadsAndIsRewrittenSealed() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    Path file = store.resolve(PendingJournal.FILE);
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString("tok_old_a".getBytes());
    Files.writeString(
        file,
        unsealed("A 3 session_token " + b64 + " " + T.toEpochMilli())
            + unsealed(
                "A 4 session_id "
                    + Base64.getUrlEncoder().withoutPadding().encodeToString("sess_old".getBytes())
                    + " "
                    + T.toEpochMilli())
            + unsealed(
                "A 5 session_token "
                    + Base64.getUrlEncoder().withoutPadding().encodeToString("tok_old_c".getBytes())
                    + " "
                    + T.toEpochMilli())
            + unsealed("D 4"),
        StandardCharsets.US_ASCII);
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_old_a", "tok_old_c"), values(journal));
      assertEquals(3, journal.pending().get(0).id());
      assertEquals(T, journal.pending().get(0).firstFailed());
      assertEquals(6, journal.add(token("tok_new"), T).id(), "ids go on after the old ones");
    }
    CredentialTraces.assertNoneIn(file, "tok_old_a");
    CredentialTraces.assertNoneIn(file, "tok_old_c");
    for (String line : Files.readAllLines(file)) {
      assertEquals("S", line.substring(9, 10), line);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_old_a", "tok_old_c", "tok_new"), values(journal));
    }
  }

  @Test
  void recordsOfAnotherKeyAreKeptAndLoggedAndOpenOnceItIsThePreviousKey() throws Exception {
    Path store = dir.resolve("store");
    SealingKeys old = SealingKeys.of("sk_test_the_old_key");
    try (PendingJournal journal = PendingJournal.open(store, old)) {
      journal.add(token("tok_under_old"), T);
    }
    try (LogCapture log = LogCapture.at(Level.WARNING);
        PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of(), values(journal));
      assertEquals(1, journal.unreadable());
      assertEquals(
          List.of(
              "pending-store "
                  + store
                  + ": 1 pending revocation(s) sealed with another secret key are kept but cannot"
                  + " be delivered; if the secret key was rotated, set previous-secret-key to the"
                  + " old key"),
          log.messages(PendingJournal.class.getName(), Level.WARNING));
      journal.add(token("tok_under_new"), T);
    }
    SealingKeys rotated =
        SealingKeys.of("sk_test_pending_journal", Optional.of("sk_test_the_old_key"));
    try (PendingJournal journal = PendingJournal.open(store, rotated)) {
      assertEquals(List.of("tok_under_old", "tok_under_new"), values(journal));
      assertEquals(0, journal.unreadable());
    }
    // Sealed anew with the new key at that open: the old key is no longer needed.
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_under_old", "tok_under_new"), values(journal));
    }
  }

  @Test
  void existingLooseDirectoryAndFileAreNarrowed() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = Files.createFile(store.resolve(PendingJournal.FILE));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of(), journal.pending());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
    }
  }

  @Test
  void aTornOrCorruptLineIsSkippedAndTheRestLoads() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_a"), T);
      journal.add(token("tok_b"), T);
    }
    Path file = store.resolve(PendingJournal.FILE);
    String text = Files.readString(file);
    // Flip one character of the second record: its checksum no longer matches.
    int second = text.indexOf('\n') + 1;
    String damaged =
        text.substring(0, second + 12) + 'X' + text.substring(second + 13) + "0badc0de A 9 sess";
    Files.writeString(file, damaged, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_a"), values(journal));
    }
  }

  @Test
  void compactionKeepsOnlyLiveRecords() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      for (int i = 0; i < 1_500; i++) {
        journal.done(journal.add(token("tok_" + i), T).id());
      }
      journal.add(token("tok_live"), T);
    }
    List<String> lines = Files.readAllLines(store.resolve(PendingJournal.FILE));
    assertTrue(lines.size() < 1_100, lines.size() + " lines");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_live"), values(journal));
      assertEquals(1, Files.readAllLines(store.resolve(PendingJournal.FILE)).size());
    }
  }

  @Test
  void aSecondOpenOfTheSameStoreIsRefused() {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_held"), T);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> PendingJournal.open(store, KEYS));
      assertEquals(
          "pending-store " + store + " is in use by another MoonKey client or process",
          e.getMessage());
    }
  }

  @Test
  void aLoadThatFailsReleasesTheLockForTheNextOpen() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    // A directory where the journal should be: reading it fails.
    Path file = Files.createDirectory(store.resolve(PendingJournal.FILE));
    assertThrows(UncheckedIOException.class, () -> PendingJournal.open(store, KEYS));
    Files.delete(file);
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_after_failed_open"), T);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_after_failed_open"), values(journal));
    }
  }

  @Test
  void aCompactionThatThrowsAtOpenReleasesTheLockForTheNextOpen() {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_kept"), T);
    }
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                PendingJournal.open(
                    store,
                    KEYS,
                    (tmp, file) -> {
                      throw new IllegalStateException("the move broke");
                    }));
    assertEquals("the move broke", thrown.getMessage());
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_kept"), values(journal));
    }
  }

  @Test
  void aCompactionThatFailsAtOpenLeavesTheJournalInUseWithItsTornLineCut() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_before"), T);
    }
    Path file = store.resolve(PendingJournal.FILE);
    tearALineOnto(file);
    try (PendingJournal journal =
        PendingJournal.open(
            store,
            KEYS,
            (tmp, target) -> {
              throw new IOException("No space left on device");
            })) {
      assertEquals(List.of("tok_before"), values(journal));
      journal.add(token("tok_after"), T);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_before", "tok_after"), values(journal));
    }
  }

  @Test
  void aCrashInMidWriteLosesNoEarlierRecordAndTheNextRecordHasALineOfItsOwn() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_a"), T);
      journal.add(token("tok_b"), T);
    }
    Path file = store.resolve(PendingJournal.FILE);
    tearALineOnto(file);
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_a", "tok_b"), values(journal));
      journal.add(token("tok_c"), T);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_a", "tok_b", "tok_c"), values(journal));
    }
  }

  @Test
  void aWriteThatFailsPartWayIsCutBackAndReportedAndTheNextRecordSurvives() throws Exception {
    Path store = dir.resolve("store");
    AtomicBoolean full = new AtomicBoolean();
    PendingJournal.Appender disk =
        (channel, bytes) -> {
          if (full.get()) {
            // Half of the record reaches the file, then the disk is full.
            ByteBuffer half = bytes.duplicate();
            half.limit(bytes.position() + bytes.remaining() / 2);
            bytes.position(bytes.position() + channel.write(half));
            throw new IOException("No space left on device");
          }
          channel.write(bytes);
        };
    Path file = store.resolve(PendingJournal.FILE);
    try (PendingJournal journal =
        PendingJournal.open(store, KEYS, PendingJournalTest::move, disk)) {
      journal.add(token("tok_before"), T);
      long good = Files.size(file);
      full.set(true);
      UncheckedIOException refused =
          assertThrows(UncheckedIOException.class, () -> journal.add(token("tok_refused"), T));
      assertEquals("cannot write to " + file, refused.getMessage());
      assertEquals("No space left on device", refused.getCause().getMessage());
      assertEquals(good, Files.size(file), "the half record is cut off");
      assertEquals(List.of("tok_before"), values(journal));
      full.set(false);
      journal.add(token("tok_after"), T);
    }
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_before", "tok_after"), values(journal));
    }
  }

  @Test
  void aLineOfBytesThatAreNotTextIsSkippedAndTheRestLoads() throws Exception {
    Path store = dir.resolve("store");
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      journal.add(token("tok_a"), T);
    }
    Path file = store.resolve(PendingJournal.FILE);
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, StandardOpenOption.APPEND);
    try (PendingJournal journal = PendingJournal.open(store, KEYS)) {
      assertEquals(List.of("tok_a"), values(journal));
    }
  }

  /** Appends the first half of the file's first line, as a crash in mid-write leaves it. */
  private static void tearALineOnto(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int line = 0;
    while (bytes[line] != '\n') {
      line++;
    }
    Files.write(file, Arrays.copyOf(bytes, line / 2), StandardOpenOption.APPEND);
  }

  private static void move(Path tmp, Path file) throws IOException {
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A line as earlier versions wrote it: CRC-32 of the record, then the record. */
  private static String unsealed(String record) {
    CRC32 crc = new CRC32();
    crc.update(record.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue()) + " " + record + "\n";
  }
}
