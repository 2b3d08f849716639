package fun.moonkey.store;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the journal's directory and files readable by their owner only ({@code rwx------}, {@code
 * rw-------}) on POSIX file systems, and narrows existing ones to that: they hold credentials.
 */
final class OwnerOnlyFiles {

  private static final Logger LOG = System.getLogger(OwnerOnlyFiles.class.getName());
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} (and its parents) when missing; narrows it to its owner. */
  static void directory(Path directory) throws IOException {
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

  /** Creates an empty {@code file} when missing; narrows it to its owner. */
  static void file(Path file) throws IOException {
    boolean posix = posix(file);
    try {
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // Kept; narrowed below.
    }
    if (posix) {
      Files.setPosixFilePermissions(file, OWNER_FILE);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
