package fun.moonkey.pending;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The on-disk store of pending revocations: an append-only journal in one directory, so that they
 * survive a restart and a crash ({@code kill -9}, power loss).
 *
 * <p><b>Format.</b> {@code pending.journal} is UTF-8 text, one record a line, each line prefixed
 * with the CRC-32 of the rest of it in 8 hex digits:
 *
 * <pre>
 * 1a2b3c4d A 17 session_token c2VjcmV0 1764100000000   (added: id, type, value in base64url, first failure)
 * 5e6f7a8b D 17                                        (done: delivered or given up)
 * </pre>
 *
 * A line that is torn (a crash in mid-write) or fails its checksum is skipped on load; a {@code D}
 * without its {@code A} is ignored.
 *
 * <p><b>fsync policy.</b> An {@code A} line is forced to disk ({@link FileChannel#force}) before
 * {@link #add} returns, so before the logout's answer goes out. A {@code D} line is not: losing one
 * in a crash means one more DELETE after the restart, which MoonKey answers 404, which counts as
 * revoked.
 *
 * <p><b>Compaction.</b> On open, and whenever the done records outnumber the live ones (and are
 * more than 1000), the live records are written to {@code pending.journal.tmp}, forced, and moved
 * over the journal atomically; the directory is then forced too. A crash during compaction leaves
 * either the old or the new journal.
 *
 * <p><b>Protection.</b> The journal holds credentials. The directory is created {@code rwx------}
 * and the files {@code rw-------} (POSIX file systems); existing ones are narrowed to that. A lock
 * file ({@code pending.lock}) keeps a second process from using the same directory.
 *
 * <p>Thread-safe: every method is synchronised.
 */
final class PendingJournal implements PendingStore {

  /** The journal's file name within the store directory. */
  public static final String FILE = "pending.journal";

  /** The lock's file name within the store directory. */
  public static final String LOCK = "pending.lock";

  private static final Logger LOG = System.getLogger(PendingJournal.class.getName());
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
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

  private final Path directory;
  private final Path file;
  private final Replace replace;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<Long, PendingRevocation> live = new LinkedHashMap<>();
  private FileChannel channel;
  private long nextId;
  private long done;
  private boolean closed;

  private PendingJournal(Path directory, Replace replace) throws IOException {
    this.directory = directory;
    this.file = directory.resolve(FILE);
    this.replace = replace;
    createPrivateDirectory(directory);
    Path lockFile = directory.resolve(LOCK);
    createPrivateFile(lockFile);
    this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null;
    }
    if (acquired == null) {
      lockChannel.close();
      throw new InUse(directory);
    }
    this.lock = acquired;
    createPrivateFile(file);
    load();
    compact();
  }

  /**
   * Opens (creating if needed) the journal in a directory and loads what it holds.
   *
   * @param directory the store directory
   * @return the open journal
   * @throws UncheckedIOException when the directory cannot be created, read or written
   * @throws InUse when another client holds the directory
   */
  public static PendingJournal open(Path directory) {
    return open(directory, PendingJournal::moveOver);
  }

  /** {@link #open(Path)}, with compaction's last step given. */
  static PendingJournal open(Path directory, Replace replace) {
    try {
      return new PendingJournal(directory, replace);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the pending-store " + directory, e);
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
   */
  @Override
  public synchronized PendingRevocation add(Credential credential, Instant firstFailed) {
    checkOpen();
    PendingRevocation entry = new PendingRevocation(nextId++, credential, firstFailed);
    write(line(entry), true);
    live.put(entry.id(), entry);
    return entry;
  }

  /** Records that a revocation is done (delivered or given up); not forced, see the class note. */
  @Override
  public synchronized void done(long id) {
    if (closed || live.remove(id) == null) {
      return;
    }
    write("D " + id, false);
    done++;
    if (done > COMPACT_AFTER && done > live.size()) {
      try {
        compact();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compact " + file, e);
      }
    }
  }

  /** Forces what was written and releases the file and its lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.force(false);
      channel.close();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the pending-store {0} failed: {1}", directory, e.toString());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("pending-store " + directory + " is closed");
    }
  }

  private void load() throws IOException {
    int skipped = 0;
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (text.isEmpty()) {
        continue;
      }
      if (!apply(text)) {
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
  }

  private boolean apply(String text) {
    int space = text.indexOf(' ');
    if (space != 8) {
      return false;
    }
    String body = text.substring(9);
    if (!text.substring(0, 8).equals(crc(body))) {
      return false;
    }
    String[] parts = body.split(" ", -1);
    try {
      if (parts[0].equals("A") && parts.length == 5) {
        long id = Long.parseLong(parts[1]);
        CredentialType type = type(parts[2]);
        String value = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
        Instant first = Instant.ofEpochMilli(Long.parseLong(parts[4]));
        if (type == null || !Credential.isAcceptable(value)) {
          return false;
        }
        live.put(
            id, new PendingRevocation(id, new Credential(type, value, "pending-store"), first));
        nextId = Math.max(nextId, id + 1);
        return true;
      }
      if (parts[0].equals("D") && parts.length == 2) {
        live.remove(Long.parseLong(parts[1]));
        return true;
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
    return false;
  }

  static CredentialType type(String field) {
    for (CredentialType type : CredentialType.values()) {
      if (type.field().equals(field)) {
        return type;
      }
    }
    return null;
  }

  private void compact() throws IOException {
    Path tmp = directory.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    createPrivateFile(tmp);
    StringBuilder out = new StringBuilder();
    for (PendingRevocation entry : live.values()) {
      out.append(framed(line(entry)));
    }
    try (FileChannel writer = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      writeFully(writer, out.toString());
      writer.force(true);
    }
    try {
      replace.over(tmp, file);
    } catch (IOException open) {
      // Some platforms refuse to replace a file that is open: retry with it closed. Whatever
      // happens, the journal is open again afterwards, the new file or the old one intact.
      if (channel != null) {
        channel.close();
      }
      try {
        replace.over(tmp, file);
      } finally {
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
    }
    forceDirectory();
    FileChannel previous = channel;
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    if (previous != null && previous != channel) {
      previous.close();
    }
    done = 0;
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

  private void write(String record, boolean force) {
    try {
      writeFully(channel, framed(record));
      if (force) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + file, e);
    }
  }

  private static void writeFully(FileChannel channel, String text) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static String line(PendingRevocation entry) {
    Credential credential = entry.credential();
    return "A "
        + entry.id()
        + " "
        + credential.type().field()
        + " "
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(credential.value().getBytes(StandardCharsets.UTF_8))
        + " "
        + entry.firstFailed().toEpochMilli();
  }

  private static String framed(String record) {
    return crc(record) + " " + record + "\n";
  }

  private static String crc(String record) {
    CRC32 crc = new CRC32();
    crc.update(record.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void createPrivateDirectory(Path directory) throws IOException {
    boolean posix = posix(directory);
    if (!Files.isDirectory(directory)) {
      if (posix) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } else {
        Files.createDirectories(directory);
      }
    }
    if (posix) {
      Files.setPosixFilePermissions(directory, OWNER_DIR);
    } else {
      LOG.log(
          Level.WARNING,
          "pending-store {0} is not on a POSIX file system: protect it so that only this"
              + " application's user can read it",
          directory);
    }
  }

  private static void createPrivateFile(Path path) throws IOException {
    boolean posix = posix(path);
    FileAttribute<?>[] attributes =
        posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : null;
    try {
      if (posix) {
        Files.createFile(path, attributes);
      } else {
        Files.createFile(path);
      }
    } catch (FileAlreadyExistsException e) {
      // Kept; narrowed below.
    }
    if (posix) {
      Files.setPosixFilePermissions(path, OWNER_FILE);
    }
  }
}
