package fun.moonkey.store;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-disk store of pending revocations: an append-only journal in one directory, so that they
 * survive a restart and a crash ({@code kill -9}, power loss).
 *
 * <p><b>Format.</b> {@code pending.journal} holds one record a line, each with its checksum ({@link
 * JournalFormat}): a revocation added, its credential sealed with AES-256-GCM under a key derived
 * from the MoonKey secret key, or one done. A line that is torn (a crash in mid-write) or fails its
 * checksum is skipped on load; a done record without its added one is ignored. Records of earlier
 * versions (the credential unsealed) still load, and are rewritten sealed at the next compaction,
 * which runs at every open.
 *
 * <p><b>Keys.</b> A record opens with the current secret key or with {@code previous-secret-key}
 * (after a key rotation) and is sealed anew with the current one at the next compaction. One that
 * opens with neither is kept as it is, logged at WARNING once per open with the setting that would
 * open it, and never delivered from here.
 *
 * <p><b>Failed writes.</b> A write that fails part way (a full disk) is cut off again: the file is
 * truncated back to the end of the last good record, so that the next record starts on a line of
 * its own, and the caller is told ({@link #add} throws). Where even the truncation fails, the next
 * write tries it first and is refused when it fails again.
 *
 * <p><b>fsync policy.</b> An added record is forced to disk ({@link FileChannel#force}) before
 * {@link #add} returns, so before the logout's answer goes out. A done record is not: losing one in
 * a crash means one more DELETE after the restart, which MoonKey answers 404, which counts as
 * revoked.
 *
 * <p><b>Compaction.</b> On open, and whenever the done records outnumber the live ones (and are
 * more than 1000), the live records (and those of another key) are written to {@code
 * pending.journal.tmp}, forced, and moved over the journal atomically; the directory is then forced
 * too. A crash during compaction leaves either the old or the new journal. Where the compaction at
 * open fails (a full disk), the journal is used as it is, a torn last line cut off.
 *
 * <p><b>Protection.</b> The journal holds credentials, sealed. The directory is created {@code
 * rwx------} and the files {@code rw-------} (POSIX file systems); existing ones are narrowed to
 * that. A lock file ({@code pending.lock}) keeps a second process from using the same directory.
 *
 * <p>Thread-safe: every method is synchronised. Every failure to open releases what it took: the
 * lock, the files.
 */
final class PendingJournal implements PendingStore {

  /** The journal's file name within the store directory. */
  public static final String FILE = "pending.journal";

  /** The lock's file name within the store directory. */
  public static final String LOCK = "pending.lock";

  private static final Logger LOG = System.getLogger(PendingJournal.class.getName());
  private static final int COMPACT_AFTER = 1000;

  /** The store directory is locked by another MoonKey client, of this process or another. */
  static final class InUse extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    InUse(Path directory) {
      super("pending-store " + directory + " is in use by another MoonKey client or process");
    }
  }

  /** How a compacted journal replaces the old one: a seam for tests that make the move fail. */
  @FunctionalInterface
  interface Replace {
    void over(Path tmp, Path file) throws IOException;
  }

  /**
   * How bytes are appended to the journal: one {@link FileChannel#write(ByteBuffer)}, or, in tests,
   * a disk that fills part way through a record.
   */
  @FunctionalInterface
  interface Appender {
    void write(FileChannel channel, ByteBuffer bytes) throws IOException;
  }

  private final Path directory;
  private final Path file;
  private final SealingKeys keys;
  private final Replace replace;
  private final Appender appender;

  /** Holds the lock on {@link #LOCK}: closing it releases the lock. */
  private final FileChannel lockChannel;

  private final Map<Long, PendingRevocation> live = new LinkedHashMap<>();

  /** By id, the added records sealed under another key, as read: kept, never delivered. */
  private final Map<Long, String> unreadable = new LinkedHashMap<>();

  private FileChannel channel;

  /** The journal's length up to the end of its last good record: where the next one goes. */
  private long end;

  private long nextId;
  private long done;
  private boolean closed;

  private PendingJournal(Path directory, SealingKeys keys, Replace replace, Appender appender)
      throws IOException {
    this.directory = directory;
    this.file = directory.resolve(FILE);
    this.keys = keys;
    this.replace = replace;
    this.appender = appender;
    OwnerOnlyFiles.directory(directory);
    Path lockFile = directory.resolve(LOCK);
    OwnerOnlyFiles.file(lockFile);
    this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null;
    } catch (Throwable e) {
      closeAfter(lockChannel, e);
      throw e;
    }
    if (acquired == null) {
      lockChannel.close();
      throw new InUse(directory);
    }
    try {
      OwnerOnlyFiles.file(file);
      load();
      openForAppending();
    } catch (Throwable e) {
      // Whatever failed, the next open (this process or another) must find the store free.
      closeAfter(channel, e);
      closeAfter(lockChannel, e); // releases the lock too
      throw e;
    }
  }

  /**
   * Opens (creating if needed) the journal in a directory and loads what it holds.
   *
   * @param directory the store directory
   * @param keys the keys that seal new records and open stored ones
   * @return the open journal
   * @throws UncheckedIOException when the directory cannot be created, read or written
   * @throws InUse when another client holds the directory
   */
  public static PendingJournal open(Path directory, SealingKeys keys) {
    return open(directory, keys, PendingJournal::moveOver, FileChannel::write);
  }

  /** {@link #open(Path, SealingKeys)}, with compaction's last step given. */
  static PendingJournal open(Path directory, SealingKeys keys, Replace replace) {
    return open(directory, keys, replace, FileChannel::write);
  }

  /**
   * {@link #open(Path, SealingKeys)}, with compaction's last step and the appending write given.
   */
  static PendingJournal open(Path directory, SealingKeys keys, Replace replace, Appender appender) {
    try {
      return new PendingJournal(
          directory,
          Objects.requireNonNull(keys, "keys"),
          Objects.requireNonNull(replace, "replace"),
          Objects.requireNonNull(appender, "appender"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the pending-store " + directory, e);
    }
  }

  /**
   * How many revocations the journal in {@code directory} holds, counted without opening it or its
   * values: for a store of another secret key.
   *
   * @return the count; empty when a client holds the store, or it has no journal
   * @throws IOException when the store cannot be read
   */
  static Optional<Integer> waitingIn(Path directory) throws IOException {
    Path lockFile = directory.resolve(LOCK);
    Path journal = directory.resolve(FILE);
    if (!Files.isRegularFile(lockFile) || !Files.isRegularFile(journal)) {
      return Optional.empty();
    }
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock held;
      try {
        held = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        held = null;
      }
      if (held == null) {
        return Optional.empty();
      }
      return Optional.of(
          JournalFormat.waiting(
              new String(Files.readAllBytes(journal), StandardCharsets.ISO_8859_1)));
    }
  }

  /** The revocations recorded and not yet done, oldest first. */
  @Override
  public synchronized List<PendingRevocation> pending() {
    return new ArrayList<>(live.values());
  }

  /**
   * Records a pending revocation and forces it to disk before returning.
   *
   * @return the record, with its id
   * @throws UncheckedIOException when it could not be written and forced (nothing of it is kept)
   */
  @Override
  public synchronized PendingRevocation add(
      Credential credential, Reach reach, Instant firstFailed) {
    checkOpen();
    PendingRevocation entry = new PendingRevocation(nextId, credential, reach, firstFailed);
    write(JournalFormat.added(entry, keys), true);
    nextId++;
    live.put(entry.id(), entry);
    return entry;
  }

  /** Records that a revocation is done (delivered or given up); not forced, see the class note. */
  @Override
  public synchronized void done(long id) {
    if (closed || live.remove(id) == null) {
      return;
    }
    write(JournalFormat.done(id), false);
    done++;
    if (done > COMPACT_AFTER && done > live.size()) {
      try {
        compact();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compact " + file, e);
      }
    }
  }

  /**
   * Rewrites the journal with what it holds now, so that what was done leaves the file at once (a
   * slot emptied by a take-over).
   *
   * @throws UncheckedIOException when the new file cannot be written
   */
  synchronized void compactNow() {
    checkOpen();
    try {
      compact();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact " + file, e);
    }
  }

  /** Forces what was written and releases the file and its lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    try {
      if (channel != null) {
        channel.force(false);
      }
    } catch (IOException e) {
      failure = e;
    }
    failure = closeAfter(channel, failure);
    failure = closeAfter(lockChannel, failure); // releases the lock too
    if (failure != null) {
      LOG.log(
          Level.WARNING,
          "Closing the pending-store {0} failed: {1}",
          directory,
          failure.toString());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("pending-store " + directory + " is closed");
    }
  }

  /**
   * Closes {@code closeable} after {@code failure}, adding its own failure to it.
   *
   * @return {@code failure}, or the close's failure when there was none before
   */
  private static <T extends Throwable> T closeAfter(FileChannel closeable, T failure) {
    if (closeable == null) {
      return failure;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      if (failure == null) {
        @SuppressWarnings("unchecked")
        T first = (T) e;
        return first;
      }
      failure.addSuppressed(e);
    }
    return failure;
  }

  private void load() throws IOException {
    // Bytes, not UTF-8 text: a damaged byte fails its line's checksum instead of the whole load.
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    int skipped = 0;
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty() && !apply(line)) {
        skipped++;
      }
    }
    if (skipped > 0) {
      LOG.log(
          Level.WARNING,
          "pending-store {0}: skipped {1} damaged line(s), such as one torn by a crash",
          directory,
          skipped);
    }
    if (!unreadable.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "pending-store {0}: {1} pending revocation(s) sealed with another secret key are kept but"
              + " cannot be delivered; if the secret key was rotated, set {2} to the old key",
          directory,
          unreadable.size(),
          ConfigKeys.PREVIOUS_SECRET_KEY);
    }
  }

  /** How many added records open with none of this journal's keys (see the class note). */
  synchronized int unreadable() {
    return unreadable.size();
  }

  private boolean apply(String text) {
    Optional<JournalFormat.Line> read = JournalFormat.parse(text, keys);
    if (read.isEmpty()) {
      return false;
    }
    JournalFormat.Line line = read.get();
    if (line instanceof JournalFormat.Added added) {
      live.put(
          added.id(),
          new PendingRevocation(
              added.id(), added.credential(), added.reach(), added.firstFailed()));
      nextId = Math.max(nextId, added.id() + 1);
    } else if (line instanceof JournalFormat.Unreadable other) {
      unreadable.put(other.id(), other.body());
      nextId = Math.max(nextId, other.id() + 1);
    } else if (line instanceof JournalFormat.Done done) {
      live.remove(done.id());
      unreadable.remove(done.id());
    }
    return true;
  }

  /** The credential type whose record field is {@code field}, or null for none. */
  static CredentialType type(String field) {
    for (CredentialType type : CredentialType.values()) {
      if (type.field().equals(field)) {
        return type;
      }
    }
    return null;
  }

  /** Compacts, or where that fails (a full disk), appends to the journal as it is. */
  private void openForAppending() throws IOException {
    try {
      compact();
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "pending-store {0}: cannot compact the journal ({1}); using it as it is",
          directory,
          e.toString());
      if (channel == null) {
        reopen();
      }
      cutTornTail();
    }
  }

  private void compact() throws IOException {
    Path tmp = directory.resolve(FILE + ".tmp");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String body : unreadable.values()) {
      out.writeBytes(JournalFormat.framed(body));
    }
    for (PendingRevocation entry : live.values()) {
      out.writeBytes(JournalFormat.framed(JournalFormat.added(entry, keys)));
    }
    Files.deleteIfExists(tmp);
    OwnerOnlyFiles.file(tmp);
    try (FileChannel writer = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(out.toByteArray());
      while (buffer.hasRemaining()) {
        writer.write(buffer);
      }
      writer.force(true);
    } catch (IOException e) {
      deleteAfter(tmp, e); // a full disk: give back what the copy took
      throw e;
    }
    try {
      replace.over(tmp, file);
    } catch (IOException refused) {
      // Some platforms refuse to replace a file that is open: retry with it closed. Whatever
      // happens, the journal is open again afterwards, the new file or the old one intact.
      FileChannel current = channel;
      channel = null;
      if (current != null) {
        current.close();
      }
      try {
        replace.over(tmp, file);
      } catch (IOException again) {
        deleteAfter(tmp, again);
        throw again;
      } finally {
        reopen();
      }
    }
    forceDirectory();
    reopen();
    done = 0;
  }

  /** Opens the journal file for appending anew; {@link #end} is its length. */
  private void reopen() throws IOException {
    FileChannel previous = channel;
    channel = null;
    FileChannel opened =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    channel = opened;
    end = opened.size();
    if (previous != null) {
      previous.close();
    }
  }

  /** Cuts a last line that a crash left without its end, so that the next record has its own. */
  private void cutTornTail() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int good = bytes.length;
    while (good > 0 && bytes[good - 1] != '\n') {
      good--;
    }
    if (good < bytes.length) {
      channel.truncate(good);
    }
    end = good;
  }

  private static void deleteAfter(Path tmp, IOException failure) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static void moveOver(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void forceDirectory() {
    // Makes the rename durable on Linux; other platforms may refuse to open a directory.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Cannot force the directory {0}: {1}", directory, e.toString());
    }
  }

  /**
   * Appends one record; on any failure cuts the file back to {@link #end}, so that nothing of the
   * record stays, and throws.
   */
  private void write(String record, boolean force) {
    ByteBuffer buffer = ByteBuffer.wrap(JournalFormat.framed(record));
    try {
      if (channel == null) {
        reopen(); // a compaction failed to open the journal again
      }
      if (channel.size() > end) {
        channel.truncate(end); // what an earlier failed write left, where cutting it failed then
      }
      while (buffer.hasRemaining()) {
        appender.write(channel, buffer);
      }
      if (force) {
        channel.force(false);
      }
      end += buffer.capacity();
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.truncate(end);
        }
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
      throw new UncheckedIOException("cannot write to " + file, e);
    }
  }
}
