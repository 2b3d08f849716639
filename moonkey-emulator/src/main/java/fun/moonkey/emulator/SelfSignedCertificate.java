package fun.moonkey.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for {@code localhost} and {@code 127.0.0.1}, with its key,
 * and the TLS contexts of a server that presents it and of a client that trusts only it.
 *
 * <p>The JDK has no public API to sign a certificate, so this runs the JDK's own {@code keytool}
 * into a temporary PKCS12 file, loads it and deletes it.
 */
final class SelfSignedCertificate {

  private static final String ALIAS = "moonkey-emulator";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final KeyStore keyStore;
  private final char[] password;

  private SelfSignedCertificate(KeyStore keyStore, char[] password) {
    this.keyStore = keyStore;
    this.password = password;
  }

  /**
   * Generates a fresh EC P-256 key and certificate, valid for 30 days.
   *
   * @throws IllegalStateException if {@code keytool} is missing or fails
   */
  static SelfSignedCertificate generate() {
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    char[] password = HexFormat.of().formatHex(secret).toCharArray();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("moonkey-emulator-tls");
      Path file = dir.resolve("emulator.p12");
      runKeytool(file, new String(password));
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        keyStore.load(in, password);
      }
      return new SelfSignedCertificate(keyStore, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create the emulator's TLS certificate: " + e, e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** A server context that presents this certificate. */
  SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the emulator's server TLS context: " + e, e);
    }
  }

  /** A client context that trusts this certificate and nothing else. */
  SSLContext clientContext() {
    try {
      Certificate certificate = keyStore.getCertificate(ALIAS);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, certificate);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the emulator's client TLS context: " + e, e);
    }
  }

  private static void runKeytool(Path file, String password) throws IOException {
    Path keytool =
        Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IllegalStateException(
          "https mode needs the JDK's keytool, not found at " + keytool);
    }
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-sigalg",
            "SHA256withECDSA",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-validity",
            "30",
            "-storetype",
            "PKCS12",
            "-keystore",
            file.toString(),
            "-storepass",
            password,
            "-keypass",
            password,
            "-noprompt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while keytool generated the certificate", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool failed with exit code " + process.exitValue() + ": " + output);
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      dir.toFile().deleteOnExit();
    }
  }
}
