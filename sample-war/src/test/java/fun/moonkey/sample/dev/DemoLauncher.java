package fun.moonkey.sample.dev;

import fun.moonkey.emulator.MoonKeyEmulator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalInt;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Runs the sample WAR in an embedded Tomcat 11 on {@code http://localhost:8080}, for {@code ./mvnw
 * -B -Pdemo -DskipTests package}. {@code -Dport=N} or the environment variable {@code PORT} chooses
 * another port ({@link DemoPort}); a port that is taken stops it at once, before anything starts,
 * with one line ({@code Port 8080 is already in use; set PORT=8081 to use another}) and exit status
 * 1, which fails Maven's build.
 *
 * <p>When neither the environment variable {@code MOONKEY_API_URL} nor the system property {@code
 * moonkey.api-url} is set, it first starts a {@link MoonKeyEmulator} on 127.0.0.1 and points the
 * application at it (system properties {@code moonkey.api-url}, {@code moonkey.secret-key}), and
 * sets {@code sample.emulator-url} so that the sign-in page offers the demo sign-in. It then prints
 * one line per call MoonKey received, with MoonKey's answer ({@link ReceivedCalls}), and serves the
 * recent ones to the pages' "What MoonKey received" panel ({@link ReceivedCallsServlet}). With
 * {@code MOONKEY_API_URL} set, no emulator is started and {@code MOONKEY_SECRET_KEY} must be set
 * too.
 *
 * <p>This class and the emulator live on the sample's test classpath only: they are never in the
 * WAR. Ctrl+C stops Tomcat and the emulator.
 */
public final class DemoLauncher {

  /** Exit status when the port is taken or the sample could not start. */
  static final int FAILED = 1;

  /** Exit status for a bad argument or setting. */
  static final int USAGE = 2;

  /** The host the demo serves on, and binds Tomcat's connector to. */
  private static final String HOST = "localhost";

  private DemoLauncher() {}

  /**
   * Starts the demo, or exits with {@value #FAILED} or {@value #USAGE} and one line saying why.
   *
   * @param args the path of the sample WAR
   * @throws Exception when Tomcat cannot start
   */
  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (DemoPort.PortInUseException e) {
      System.err.println(e.getMessage());
      System.exit(FAILED);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(USAGE);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: DemoLauncher <path of sample-war.war>");
    }
    File war = new File(args[0]);
    if (!war.isFile()) {
      throw new IllegalArgumentException("No WAR at " + war + "; build it with ./mvnw package");
    }
    DemoPort port =
        DemoPort.choose(System.getProperty(DemoPort.PROPERTY), System.getenv(DemoPort.VARIABLE));
    InetAddress address = InetAddress.getByName(HOST);
    // Before anything starts: Tomcat would log a BindException and serve nothing.
    port.requireFree(address);
    ReceivedCalls calls = new ReceivedCalls(System.out, Clock.systemUTC());
    MoonKeyEmulator emulator = startEmulatorUnlessConfigured(calls);
    Tomcat tomcat =
        startTomcat(
            war,
            port.number(),
            emulator == null ? null : new ReceivedCallsServlet(calls, journal(emulator)));
    Runnable stop =
        () -> {
          stop(tomcat);
          if (emulator != null) {
            emulator.close();
          }
        };
    String failure = failure(tomcat, port);
    if (failure != null) {
      stop.run();
      System.err.println(failure);
      System.exit(FAILED);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "sample-demo-shutdown"));
    printBanner(port.number(), emulator);
    // Started by Maven (-Pdemo), the launcher is Maven's child: a Maven stopped by a signal leaves
    // its children running, so the demo ends with its parent.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    tomcat.getServer().await();
  }

  private static void printBanner(int port, MoonKeyEmulator emulator) {
    System.out.println();
    System.out.println("MoonKey sample: http://" + HOST + ":" + port + "/");
    if (emulator == null) {
      System.out.println(
          "MoonKey API: "
              + System.getProperty("moonkey.api-url", System.getenv("MOONKEY_API_URL")));
    } else {
      System.out.println(
          "MoonKey emulator: "
              + emulator.baseUri()
              + " (offline demo: any email signs in on the Login page)");
      System.out.println("What it received: " + journal(emulator));
      System.out.println(
          "Each call to MoonKey is printed below as \"MoonKey received …\" and listed on the"
              + " pages under \"What MoonKey received\".");
    }
    System.out.println("Ctrl+C stops it.");
  }

  private static URI journal(MoonKeyEmulator emulator) {
    return URI.create(emulator.baseUri() + "/_emulator/requests");
  }

  private static MoonKeyEmulator startEmulatorUnlessConfigured(ReceivedCalls calls) {
    if (isSet(System.getenv("MOONKEY_API_URL")) || isSet(System.getProperty("moonkey.api-url"))) {
      return null;
    }
    MoonKeyEmulator emulator = MoonKeyEmulator.builder().printRequests(calls).build();
    System.setProperty("moonkey.api-url", emulator.baseUri().toString());
    System.setProperty("moonkey.secret-key", emulator.secretKey());
    System.setProperty("sample.emulator-url", emulator.baseUri().toString());
    return emulator;
  }

  /**
   * Why the demo is not serving, or null when it is: the connector did not bind (the port was taken
   * between the check and Tomcat's bind), or the application failed to start.
   */
  private static String failure(Tomcat tomcat, DemoPort port) {
    if (tomcat.getConnector().getState() != LifecycleState.STARTED) {
      return port.message(OptionalInt.empty());
    }
    Container context = tomcat.getHost().findChild("");
    if (context == null || !context.getState().isAvailable()) {
      return "The sample application did not start; its error is in the log above";
    }
    return null;
  }

  private static Tomcat startTomcat(File war, int port, ReceivedCallsServlet callsServlet)
      throws LifecycleException {
    Path base;
    try {
      base = Files.createTempDirectory("moonkey-sample-tomcat");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Tomcat's base directory", e);
    }
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(port);
    tomcat.getConnector().setProperty("address", HOST);
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
    if (callsServlet != null) {
      // The launcher's servlet, not the WAR's: the WAR never contains any of the demo's tooling.
      context.addServletContainerInitializer(
          (classes, servletContext) ->
              servletContext
                  .addServlet("moonkey-calls", callsServlet)
                  .addMapping(ReceivedCallsServlet.PATH),
          null);
    }
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
