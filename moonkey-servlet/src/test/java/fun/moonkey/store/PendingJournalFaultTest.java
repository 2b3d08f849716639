package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.logout.FakeRequest;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local journal under disk faults, end to end with the MoonKey emulator. For each fault: (a)
 * the call on the logout path answers within its bound, (b) every revocation the caller was told is
 * pending reaches the emulator once the fault ends, (c) the journal never holds a token in clear or
 * in base64.
 */
class PendingJournalFaultTest {

  /** The logout's own budget. */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** A logout, and the queueing on its path, answer within its budget plus 100 ms, fault or not. */
  private static final Duration ANSWER_BOUND = TIMEOUT.plusMillis(100);

  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Every log line of the test, DEBUG included: no token may show there either. */
  private LogCapture log;

  @BeforeEach
  void captureTheLog() {
    log = LogCapture.at(Level.FINE);
  }

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  private static MoonKeyConfig config(MoonKeyEmulator moonKey, Path store) {
    return MoonKeyConfig.builder()
        .secretKey(moonKey.secretKey())
        .apiUrl(moonKey.baseUri())
        .timeout(TIMEOUT)
        .set("pending-store", store.toString())
        .set("max-attempts", "1")
        // No background retry while the fault lasts: the restart must deliver.
        .set("backoff-initial", "1m")
        .set("shutdown-grace", "0ms")
        .build();
  }

  /** Logs {@code session} out; the answer must come within the logout's bound. */
  private static LogoutResult logOut(LogoutService service, EmulatedSession session)
      throws Exception {
    return service
        .logout(new FakeRequest().cookie("session_token", session.token()))
        .toCompletableFuture()
        .get(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static EmulatedSession session(MoonKeyEmulator moonKey, int n) {
    return moonKey.createSession("user_" + n, n + "@example.com");
  }

  /** Neither the journal nor the log holds a token, in clear or in base64. */
  private void assertNoTokenIn(Path journal, List<EmulatedSession> sessions) throws IOException {
    List<String> lines = log.lines();
    for (EmulatedSession session : sessions) {
      CredentialTraces.assertNoneIn(journal, session.token());
      CredentialTraces.assertNoneInLog(lines, session.token());
    }
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Restarts with MoonKey back and waits until the new service has delivered {@code count}. */
  private static void restartAndDeliver(MoonKeyEmulator moonKey, Path store, int count)
      throws Exception {
    moonKey.setDefaultReply(null);
    try (LogoutService restarted = LogoutService.start(config(moonKey, store))) {
      Await.until(
          DELIVERY,
          () -> restarted.retrier().delivered() == count,
          () -> restarted.retrier() + " " + moonKey.requests());
      assertEquals(0, restarted.retrier().size());
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aDiskThatFillsUnderARunningServiceLosesNoRevocationItReportedPending() throws Exception {
    Path disk = Files.createDirectory(dir.resolve("disk"));
    String cannotMount = Tmpfs.mount(disk, "64k");
    assumeTrue(
        cannotMount == null,
        () ->
            "no 64 KiB tmpfs to fill ("
                + cannotMount
                + "); aWriteThatFailsInMidRecordLosesNoRevocationItReportedPending covers the"
                + " fault with an injected write");
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Path store = disk.resolve("pending");
      Path journal = store.resolve(PendingJournal.FILE);
      moonKey.setDefaultReply(Reply.status(503));
      List<EmulatedSession> pending = new ArrayList<>();
      List<EmulatedSession> all = new ArrayList<>();
      try (LogoutService service = LogoutService.start(config(moonKey, store))) {
        EmulatedSession first = session(moonKey, 0);
        all.add(first);
        assertEquals(LogoutResult.Status.PENDING, logOut(service, first).status());
        pending.add(first);
        // The journal holds its first block; the rest of the disk goes to a filler.
        Path filler = Tmpfs.fill(disk);
        long block = Files.getFileStore(disk).getBlockSize();

        long good = Files.size(journal);
        RevocationRetrier retrier = service.retrier();
        while (retrier.unstored() == 0) {
          assertTrue(all.size() < 500, "the disk never filled: " + Files.size(journal));
          EmulatedSession next = session(moonKey, all.size());
          all.add(next);
          // Answered in time and queued, whatever the disk does.
          assertEquals(LogoutResult.Status.PENDING, logOut(service, next).status());
          pending.add(next);
          long before = good;
          Await.until(
              DELIVERY,
              () -> fileSize(journal) != before || retrier.unstored() > 0,
              () -> "the write of logout " + all.size());
          if (retrier.unstored() == 0) {
            good = Files.size(journal);
          }
        }
        assertNotEquals(
            0,
            good % block,
            "the refused record began inside a block: part of it reached the disk");
        assertEquals(good, Files.size(journal), "and was cut off again");
        assertEquals(1, retrier.unwritten(), "kept in memory until the disk has room");
        assertNoTokenIn(journal, all);

        Files.delete(filler); // the fault ends
        EmulatedSession after = session(moonKey, all.size());
        all.add(after);
        assertEquals(LogoutResult.Status.PENDING, logOut(service, after).status());
        pending.add(after);
        // The next good write takes the one the full disk refused along.
        Await.until(DELIVERY, () -> retrier.unwritten() == 0, retrier::toString);
        assertNoTokenIn(journal, all);
      }
      restartAndDeliver(moonKey, store, pending.size());
      Deliveries.assertDelivered(moonKey, pending);
      assertNoTokenIn(journal, all);
    } finally {
      Tmpfs.unmount(disk);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aWriteThatFailsInMidRecordLosesNoRevocationItReportedPending() throws Exception {
    AtomicBoolean full = new AtomicBoolean();
    PendingJournal.Appender disk =
        (channel, bytes) -> {
          if (full.get()) {
            ByteBuffer half = bytes.duplicate();
            half.limit(bytes.position() + bytes.remaining() / 2);
            bytes.position(bytes.position() + channel.write(half));
            throw new IOException("No space left on device");
          }
          channel.write(bytes);
        };
    Path store = dir.resolve("pending");
    Path journal = store.resolve(PendingJournal.FILE);
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      moonKey.setDefaultReply(Reply.status(503));
      MoonKeyConfig config = config(moonKey, store);
      SealingKeys keys = SealingKeys.of(moonKey.secretKey());
      List<EmulatedSession> pending = new ArrayList<>();
      List<EmulatedSession> all = new ArrayList<>();
      try (SessionRevoker revoker = new SessionRevoker(config)) {
        RevocationRetrier retrier =
            retrier(
                config,
                revoker,
                PendingJournal.open(
                    store,
                    keys,
                    (tmp, file) -> Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING),
                    disk));
        try {
          for (int i = 0; i < 5; i++) {
            if (i == 2) {
              full.set(true);
            }
            if (i == 3) {
              full.set(false); // the fault ends
            }
            EmulatedSession session = session(moonKey, i);
            all.add(session);
            assertTrue(enqueue(retrier, session), "session " + i);
            pending.add(session);
            if (i == 2) {
              Await.until(DELIVERY, () -> retrier.unstored() == 1, retrier::toString);
              assertEquals(1, retrier.unwritten(), "kept in memory while the disk is full");
            }
          }
          // The write after the fault took the refused one along.
          Await.until(DELIVERY, () -> retrier.unwritten() == 0, retrier::toString);
          assertNoTokenIn(journal, all);
        } finally {
          retrier.close();
        }
      }
      moonKey.setDefaultReply(null);
      try (SessionRevoker revoker = new SessionRevoker(config);
          RevocationRetrier restarted =
              retrier(config, revoker, PendingJournal.open(store, keys))) {
        Await.until(
            DELIVERY,
            () -> restarted.delivered() == pending.size(),
            () -> restarted + " " + moonKey.requests());
      }
      Deliveries.assertDelivered(moonKey, pending);
      assertNoTokenIn(journal, all);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aLineTornByACrashInMidWriteLosesNoEarlierRevocation() throws Exception {
    Path store = dir.resolve("pending");
    Path journal = store.resolve(PendingJournal.FILE);
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      moonKey.setDefaultReply(Reply.status(503));
      List<EmulatedSession> pending = new ArrayList<>();
      try (LogoutService service = LogoutService.start(config(moonKey, store))) {
        for (int i = 0; i < 3; i++) {
          EmulatedSession session = session(moonKey, i);
          assertEquals(LogoutResult.Status.PENDING, logOut(service, session).status());
          pending.add(session);
        }
      }
      // The process died while it wrote a fourth record: half a line, no newline.
      byte[] bytes = Files.readAllBytes(journal);
      int firstLine = 0;
      while (bytes[firstLine] != '\n') {
        firstLine++;
      }
      Files.write(journal, Arrays.copyOf(bytes, firstLine / 2), StandardOpenOption.APPEND);

      restartAndDeliver(moonKey, store, pending.size());
      Deliveries.assertDelivered(moonKey, pending);
      assertNoTokenIn(journal, pending);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aStartThatCannotReadTheJournalLeavesTheStoreFreeForTheNextStart() throws Exception {
    Path store = dir.resolve("pending");
    Path journal = store.resolve(PendingJournal.FILE);
    Path aside = dir.resolve("journal-aside");
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      moonKey.setDefaultReply(Reply.status(503));
      List<EmulatedSession> pending = new ArrayList<>();
      try (LogoutService service = LogoutService.start(config(moonKey, store))) {
        for (int i = 0; i < 2; i++) {
          EmulatedSession session = session(moonKey, i);
          assertEquals(LogoutResult.Status.PENDING, logOut(service, session).status());
          pending.add(session);
        }
      }
      // The journal cannot be read at the next start: here, a directory stands in its place.
      Files.move(journal, aside);
      Files.createDirectory(journal);
      MoonKeyConfig config = config(moonKey, store);
      UncheckedIOException failed =
          assertThrows(UncheckedIOException.class, () -> LogoutService.start(config).close());
      assertEquals("cannot open the pending-store " + store, failed.getMessage());

      Files.delete(journal); // the fault ends
      Files.move(aside, journal);
      restartAndDeliver(moonKey, store, pending.size());
      Deliveries.assertDelivered(moonKey, pending);
      assertNoTokenIn(journal, pending);
    }
  }

  private static RevocationRetrier retrier(
      MoonKeyConfig config, SessionRevoker revoker, PendingJournal journal) {
    return new RevocationRetrier(
        config.reliability(),
        revoker::revokeOnce,
        revoker.backoff(),
        revoker::untilBreakerTrial,
        Clock.systemUTC(),
        journal);
  }

  /** Hands a session's token to the retrier, as a logout does; it must answer within the bound. */
  private static boolean enqueue(RevocationRetrier retrier, EmulatedSession session)
      throws Exception {
    Credential credential =
        new Credential(CredentialType.SESSION_TOKEN, session.token(), "cookie 'session_token'");
    return CompletableFuture.supplyAsync(() -> retrier.enqueue(credential))
        .get(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A small tmpfs, mounted and filled by the test: a disk that really fills. */
  static final class Tmpfs {

    private Tmpfs() {}

    /**
     * Mounts a tmpfs of {@code size} on {@code mountPoint}.
     *
     * @return null when mounted, else why not (not root, no mount command, refused)
     */
    static String mount(Path mountPoint, String size) throws InterruptedException {
      try {
        Process mount =
            new ProcessBuilder(
                    "mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!mount.waitFor(30, TimeUnit.SECONDS)) {
          mount.destroyForcibly();
          return "mount did not end within 30 s";
        }
        return mount.exitValue() == 0
            ? null
            : "mount exited " + mount.exitValue() + ": " + output.strip();
      } catch (IOException e) {
        return "cannot run mount: " + e.getMessage();
      }
    }

    /** Unmounts what {@link #mount} mounted; a no-op where nothing is mounted. */
    static void unmount(Path mountPoint) throws IOException, InterruptedException {
      Process umount =
          new ProcessBuilder("umount", mountPoint.toString()).redirectErrorStream(true).start();
      umount.getInputStream().readAllBytes();
      umount.waitFor(30, TimeUnit.SECONDS);
    }

    /** Writes a file until the file system refuses: none of its blocks is left free. */
    static Path fill(Path mountPoint) throws IOException {
      Path filler = mountPoint.resolve("filler");
      byte[] block = new byte[512];
      try (OutputStream out = Files.newOutputStream(filler)) {
        while (true) {
          out.write(block);
          out.flush();
        }
      } catch (IOException full) {
        assertTrue(
            full.getMessage() != null && full.getMessage().contains("No space left"),
            "expected a full disk, got " + full);
      }
      return filler;
    }
  }
}
