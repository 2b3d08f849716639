package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.LogCapture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryStoreTest {

  private static final URI MOONKEY = URI.create("https://api.moonkey.fun");
  private static final String KEY = "sk_test_work_directory_store";
  private static final Instant T = Instant.parse("2026-12-02T06:00:00Z");

  @TempDir Path work;

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  private static List<String> values(PendingJournal journal) {
    return journal.pending().stream().map(p -> p.credential().value()).toList();
  }

  private Path slot(String key, int n) {
    return work.resolve(WorkDirectoryStore.DIRECTORY)
        .resolve(WorkDirectoryStore.project(MOONKEY, key) + "-" + n);
  }

  @Test
  void twoClientsOfOneApplicationEachTakeASlotAndASlotSurvivesARestart() {
    try (PendingJournal first = WorkDirectoryStore.open(work, MOONKEY, KEY);
        PendingJournal second = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      first.add(token("tok_first"), T);
      second.add(token("tok_second"), T);
      assertTrue(Files.exists(slot(KEY, 1).resolve(PendingJournal.FILE)));
      assertTrue(Files.exists(slot(KEY, 2).resolve(PendingJournal.FILE)));
    }
    try (PendingJournal first = WorkDirectoryStore.open(work, MOONKEY, KEY);
        PendingJournal second = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      // The first to start takes slot 1 and, slot 2 being free then, what slot 2 held.
      assertEquals(List.of("tok_first", "tok_second"), values(first));
      assertEquals(List.of(), values(second));
    }
  }

  @Test
  void aSlotLeftByAClientThatNoLongerRunsIsTakenOverOnce() {
    try (PendingJournal first = WorkDirectoryStore.open(work, MOONKEY, KEY);
        PendingJournal second = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      second.add(token("tok_left"), T);
    }
    try (PendingJournal only = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      assertEquals(List.of("tok_left"), values(only));
      assertEquals(T, only.pending().get(0).firstFailed());
    }
    try (PendingJournal slotTwo = PendingJournal.open(slot(KEY, 2), SealingKeys.of(KEY))) {
      assertEquals(List.of(), values(slotTwo), "moved, not copied");
    }
  }

  @Test
  void anotherProjectsSlotsAreNeverRead() {
    try (PendingJournal other = WorkDirectoryStore.open(work, MOONKEY, "sk_test_another_project")) {
      other.add(token("tok_other_project"), T);
    }
    try (PendingJournal mine = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      assertEquals(List.of(), values(mine));
    }
    try (PendingJournal other = WorkDirectoryStore.open(work, MOONKEY, "sk_test_another_project")) {
      assertEquals(List.of("tok_other_project"), values(other));
    }
  }

  @Test
  void theSlotNamesHoldNoPartOfTheKey() throws Exception {
    try (PendingJournal journal = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      journal.add(token("tok_x"), T);
    }
    try (Stream<Path> all = Files.walk(work)) {
      for (Path path : all.toList()) {
        assertFalse(path.toString().contains("work_directory_store"), path.toString());
      }
    }
    assertEquals(16, WorkDirectoryStore.project(MOONKEY, KEY).length());
  }

  @Test
  void aRotatedKeyTakesOverThePreviousKeysSlotsAndSealsThemAnew() throws Exception {
    String oldKey = "sk_test_the_key_before";
    try (PendingJournal first = WorkDirectoryStore.open(work, MOONKEY, oldKey);
        PendingJournal second = WorkDirectoryStore.open(work, MOONKEY, oldKey)) {
      first.add(token("tok_old_first"), T);
      second.add(token("tok_old_second"), T.plusSeconds(1));
    }
    try (LogCapture log = LogCapture.at(Level.INFO);
        PendingJournal rotated = WorkDirectoryStore.open(work, MOONKEY, KEY, Optional.of(oldKey))) {
      assertEquals(List.of("tok_old_first", "tok_old_second"), values(rotated));
      assertEquals(T.plusSeconds(1), rotated.pending().get(1).firstFailed());
      assertEquals(
          List.of(
              "2 pending revocation(s) queued under the previous secret key taken over from "
                  + work.resolve(WorkDirectoryStore.DIRECTORY)),
          log.messages(WorkDirectoryStore.class.getName(), Level.INFO));
      assertEquals(List.of(), log.messages(RotationWarning.class.getName(), Level.WARNING));
    }
    for (int n = 1; n <= 2; n++) {
      assertEquals(0, Files.size(slot(oldKey, n).resolve(PendingJournal.FILE)), "slot " + n);
    }
    // Sealed with the new key: it opens without the old one.
    try (PendingJournal mine = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      assertEquals(List.of("tok_old_first", "tok_old_second"), values(mine));
    }
  }

  @Test
  void withoutThePreviousKeyTheOldKeysRevocationsAreCountedInAWarningAndLeftAlone()
      throws Exception {
    String oldKey = "sk_test_the_key_before";
    try (PendingJournal old = WorkDirectoryStore.open(work, MOONKEY, oldKey)) {
      old.add(token("tok_old_a"), T);
      old.done(old.add(token("tok_old_done"), T).id());
      old.add(token("tok_old_b"), T);
    }
    Path oldJournal = slot(oldKey, 1).resolve(PendingJournal.FILE);
    byte[] before = Files.readAllBytes(oldJournal);
    try (LogCapture log = LogCapture.at(Level.WARNING);
        PendingJournal mine = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
      assertEquals(List.of(), values(mine));
      assertEquals(
          List.of(
              "2 pending revocation(s) in "
                  + work.resolve(WorkDirectoryStore.DIRECTORY)
                  + " were queued under another secret key (or for another MoonKey project) and"
                  + " no running client delivers them; if the secret key was rotated, set"
                  + " previous-secret-key to the old key so that this client delivers them"),
          log.messages(RotationWarning.class.getName(), Level.WARNING));
    }
    assertArrayEquals(before, Files.readAllBytes(oldJournal), "read, never changed");
  }

  @Test
  void aSlotOfAnotherProjectThatARunningClientHoldsIsNotCounted() {
    try (PendingJournal other = WorkDirectoryStore.open(work, MOONKEY, "sk_test_another_project");
        LogCapture log = LogCapture.at(Level.WARNING)) {
      other.add(token("tok_other"), T);
      try (PendingJournal mine = WorkDirectoryStore.open(work, MOONKEY, KEY)) {
        assertEquals(List.of(), values(mine));
      }
      assertEquals(List.of(), log.messages(RotationWarning.class.getName(), Level.WARNING));
    }
  }
}
