package fun.moonkey.sample.dev;

import fun.moonkey.emulator.MoonKeyEmulator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Runs the sample WAR in an embedded Tomcat 11 on {@code http://localhost:8080} (or {@code $PORT}),
 * for {@code ./mvnw -B -Pdemo -DskipTests package}.
 *
 * <p>When neither the environment variable {@code MOONKEY_API_URL} nor the system property {@code
 * moonkey.api-url} is set, it first starts a {@link MoonKeyEmulator} on 127.0.0.1 and points the
 * application at it (system properties {@code moonkey.api-url}, {@code moonkey.secret-key}), and
 * sets {@code sample.emulator-url} so that the sign-in page offers the demo sign-in. With {@code
 * MOONKEY_API_URL} set, no emulator is started and {@code MOONKEY_SECRET_KEY} must be set too.
 *
 * <p>This class and the emulator live on the sample's test classpath only: they are never in the
 * WAR. Ctrl+C stops Tomcat and the emulator.
 */
public final class DemoLauncher {

  private DemoLauncher() {}

  /**
   * Starts the demo.
   *
   * @param args the path of the sample WAR
   * @throws Exception when Tomcat cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: DemoLauncher <path of sample-war.war>");
    }
    File war = new File(args[0]);
    if (!war.isFile()) {
      throw new IllegalArgumentException("No WAR at " + war + "; build it with ./mvnw package");
    }
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    MoonKeyEmulator emulator = startEmulatorUnlessConfigured();
    Tomcat tomcat = startTomcat(war, port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop(tomcat);
                  if (emulator != null) {
                    emulator.close();
                  }
                },
                "sample-demo-shutdown"));
    System.out.println();
    System.out.println("MoonKey sample: http://localhost:" + port + "/");
    System.out.println(
        emulator == null
            ? "MoonKey API: " + System.getenv("MOONKEY_API_URL")
            : "MoonKey emulator: "
                + emulator.baseUri()
                + " (offline demo: any email signs in on the Login page)");
    System.out.println("Ctrl+C stops it.");
    // Started by Maven (-Pdemo), the launcher is Maven's child: a Maven stopped by a signal leaves
    // its children running, so the demo ends with its parent.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    tomcat.getServer().await();
  }

  private static MoonKeyEmulator startEmulatorUnlessConfigured() {
    if (isSet(System.getenv("MOONKEY_API_URL")) || isSet(System.getProperty("moonkey.api-url"))) {
      return null;
    }
    MoonKeyEmulator emulator = MoonKeyEmulator.start();
    System.setProperty("moonkey.api-url", emulator.baseUri().toString());
    System.setProperty("moonkey.secret-key", emulator.secretKey());
    System.setProperty("sample.emulator-url", emulator.baseUri().toString());
    return emulator;
  }

  private static Tomcat startTomcat(File war, int port) throws LifecycleException {
    Path base;
    try {
      base = Files.createTempDirectory("moonkey-sample-tomcat");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Tomcat's base directory", e);
    }
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(port);
    tomcat.getConnector().setProperty("address", "localhost");
    Path appBase;
    try {
      appBase = Files.createDirectories(base.resolve("webapps"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Tomcat's webapps directory", e);
    }
    tomcat.getHost().setAppBase(appBase.toString());
    Context context = tomcat.addWebapp("", war.getAbsolutePath());
    context.setParentClassLoader(new ContainerOnlyClassLoader(Tomcat.class.getClassLoader()));
    // Only the WAR's own jars matter; scanning the launcher's classpath for TLDs and
    // initializers takes seconds and finds nothing the application uses.
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    scanner.setScanManifest(false);
    context.setJarScanner(scanner);
    tomcat.start();
    return tomcat;
  }

  private static void stop(Tomcat tomcat) {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      System.err.println("Tomcat did not stop cleanly: " + e.getMessage());
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
