package fun.moonkey.pending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
}
