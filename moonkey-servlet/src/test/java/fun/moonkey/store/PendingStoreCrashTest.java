package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pending revocations survive {@code kill -9}: a separate JVM queues them against a failing MoonKey
 * with a {@code pending-store}, is killed with SIGKILL, and the next start delivers each.
 */
class PendingStoreCrashTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void pendingRevocationsSurviveKillMinus9AndAreDeliveredAfterTheRestart() throws Exception {
    Path store = dir.resolve("pending");
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      List<EmulatedSession> sessions = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sessions.add(moonKey.createSession("user_" + i, i + "@example.com"));
      }
      moonKey.setDefaultReply(Reply.status(503));

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(CrashingApp.class.getName());
      command.add(moonKey.baseUri().toString());
      command.add(moonKey.secretKey());
      command.add(store.toString());
      sessions.forEach(s -> command.add(s.token()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> output = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("QUEUED")) {
          output.add(line);
        }
        assertEquals("QUEUED 5", line, String.join("\n", output));
        // On disk, owner-only, before the process dies.
        Path journal = store.resolve(PendingJournal.FILE);
        assertEquals(5, Files.readAllLines(journal).size());
        assertEquals(
            "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        assertEquals(
            "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no destroy(), nothing flushed
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      assertEquals(137, child.exitValue(), "killed by SIGKILL");
      assertEquals(5, moonKey.requestCount(SessionRevoker.DELETE_PATH), "one failed call each");
      sessions.forEach(s -> assertTrue(moonKey.isActive(s.id())));

      moonKey.reset();
      MoonKeyConfig config =
          MoonKeyConfig.builder()
              .secretKey(moonKey.secretKey())
              .apiUrl(moonKey.baseUri())
              .set("pending-store", store.toString())
              .build();
      try (LogoutService restarted = LogoutService.start(config)) {
        Await.until(
            Duration.ofSeconds(20),
            () -> restarted.retrier().delivered() == 5,
            () -> restarted.retrier() + " " + moonKey.requests());
        assertEquals(0, restarted.retrier().size());
      }
      Set<Map<String, Object>> bodies =
          moonKey.requests(SessionRevoker.DELETE_PATH).stream()
              .map(RecordedRequest::jsonBody)
              .collect(Collectors.toSet());
      assertEquals(
          sessions.stream()
              .map(s -> Map.<String, Object>of("session_token", s.token()))
              .collect(Collectors.toSet()),
          bodies);
      sessions.forEach(s -> assertFalse(moonKey.isActive(s.id()), s.id()));
      try (PendingJournal journal =
          PendingJournal.open(store, SealingKeys.of(moonKey.secretKey()))) {
        assertEquals(List.of(), journal.pending(), "nothing left after delivery");
      }
    }
  }
}
