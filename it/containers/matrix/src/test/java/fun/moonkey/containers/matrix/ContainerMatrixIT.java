package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.containers.GlassFishServer;
import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.JettyServer;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.LibertyServer;
import fun.moonkey.containers.PayaraMicroServer;
import fun.moonkey.containers.Ports;
import fun.moonkey.containers.Server;
import fun.moonkey.containers.TomcatServer;
import fun.moonkey.containers.WildFlyServer;
import fun.moonkey.containers.matrix.Scenarios.Pages;
import fun.moonkey.emulator.MoonKeyEmulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The user-shaped WARs of {@code containers/} on every supported server: Tomcat 10.1 and 11, Jetty
 * 12 (ee10), Payara Micro 6 and 7, WildFly, GlassFish 7 and 8, TomEE 9 (web profile); and their
 * javax twins ({@code javax/wars}, the javax flavour of the library) on Tomcat 9, Payara Micro 5
 * and TomEE 8; on Open Liberty, both. The servers start a few at a time, each in its own process
 * with its own MoonKey emulator, and every scenario then runs against each of them.
 */
class ContainerMatrixIT {

  /** The library's message for the bad timeout, completed by where the value came from. */
  private static final String BAD_TIMEOUT =
      "moonkey.timeout: expected a duration like 5s or 500ms, got '5 seconds' (from ";

  private static final String FILTER = "MoonKey LogoutFilter 'moonkey-logout': ";

  /** Servers booting at once on two cores take their time. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  /** How many servers boot at once; {@code -Dmatrix.boots=N} changes it. */
  private static final int BOOTING_AT_ONCE = Integer.getInteger("matrix.boots", 4);

  private static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();
  private static final Map<String, String> SKIPPED = new ConcurrentHashMap<>();
  private static final Map<String, Throwable> FAILED = new ConcurrentHashMap<>();

  static Stream<String> servers() {
    Stream<String> all =
        Stream.of(
            "tomcat9",
            "tomcat10",
            "tomcat11",
            "jetty",
            "payara5",
            "payara6",
            "payara7",
            "wildfly",
            "glassfish7",
            "glassfish8",
            "tomee8",
            "tomee9",
            "liberty",
            "liberty-javax");
    // -Dmatrix.servers=tomcat9,payara5 runs those columns only, for a quicker look at them.
    String only = System.getProperty("matrix.servers", "");
    return only.isBlank() ? all : all.filter(List.of(only.split(","))::contains);
  }

  /** The Java EE 8 servers, which run the javax flavour of the library and the javax WARs. */
  private static boolean javax(String server) {
    return server.equals("tomcat9")
        || server.equals("payara5")
        || server.equals("tomee8")
        || server.equals("liberty-javax");
  }

  /**
   * Open Liberty's features for the column: the web profile a user would pick (Jakarta EE 10, or
   * Java EE 8 for the javax WARs) and MicroProfile Metrics, whose application scope the metrics
   * scenario reads.
   */
  private static List<String> libertyFeatures(String server) {
    return javax(server)
        ? List.of("webProfile-8.0", "mpMetrics-3.0")
        : List.of("webProfile-10.0", "mpMetrics-5.1");
  }

  /** The servlet containers, which have no JAX-RS, CDI or Jackson of their own. */
  private static boolean servletOnly(String server) {
    return server.startsWith("tomcat") || server.equals("jetty");
  }

  /**
   * The servers with a Jackson the WAR sees: Payara, WildFly and GlassFish lend theirs. TomEE's web
   * profile has JSON-B (Johnzon) and no Jackson, like Tomcat and Jetty; Open Liberty keeps its own
   * Jackson from applications.
   */
  private static boolean lendsJackson(String server) {
    return !servletOnly(server) && !server.startsWith("tomee") && !server.startsWith("liberty");
  }

  /**
   * The WAR the build copied for {@code server}: {@code artifact} (a module of {@code
   * containers/}), or its javax twin on a javax server, with {@code classifier} if not null.
   */
  private static Path war(String server, String artifact, String classifier) {
    String name = javax(server) ? artifact + "-javax" : artifact;
    return MatrixSettings.war(classifier == null ? name : name + "-" + classifier);
  }

  static Stream<Arguments> badWars() {
    List<Arguments> all = new ArrayList<>();
    servers()
        .forEach(
            server -> {
              all.add(
                  Arguments.of(
                      server,
                      "typo",
                      Pages.SERVLET,
                      FILTER + "unknown MoonKey configuration key filter init-param 'logout-pth'"));
              all.add(
                  Arguments.of(
                      server,
                      "bad-value",
                      Pages.SERVLET,
                      FILTER + BAD_TIMEOUT + "filter init-param 'timeout')"));
              all.add(
                  Arguments.of(
                      server,
                      "zero-xml-bad",
                      Pages.SERVLET,
                      FILTER + BAD_TIMEOUT + "context-param 'moonkey.timeout')"));
              all.add(
                  Arguments.of(
                      server,
                      "jaxrs-bad",
                      Pages.JAXRS,
                      "MoonKey context-params: "
                          + BAD_TIMEOUT
                          + "context-param 'moonkey.timeout')"));
              if (!lendsJackson(server)) {
                // Jackson left out of the WAR, and Tomcat, Jetty and TomEE have none, Liberty lends
                // none: the client cannot be built, and the start says so. (Payara, WildFly and
                // GlassFish lend theirs: see below.)
                all.add(
                    Arguments.of(
                        server,
                        "no-jackson",
                        Pages.SERVLET,
                        "MoonKey could not start its client: a class is missing or clashes"
                            + " (java.lang.NoClassDefFoundError: com/fasterxml/jackson/"));
              }
            });
    return all.stream();
  }

  @BeforeAll
  static void startAll() throws Exception {
    // Booting is mostly CPU-bound: on two cores, fourteen servers booting at once would each take
    // longer than its timeout. A few at a time, the longest boots first (GlassFish deploys its WARs
    // one by one, a minute or more after creating its domain), take no longer in all and keep each
    // boot within its bound.
    ExecutorService starters = Executors.newFixedThreadPool(BOOTING_AT_ONCE);
    try {
      startEach(
          starters, servers().sorted(Comparator.comparing(ContainerMatrixIT::bootOrder)).toList());
    } finally {
      starters.shutdownNow();
    }
  }

  /** Where {@code server} boots in the queue: the longest boots (measured) first. */
  private static int bootOrder(String server) {
    if (server.startsWith("glassfish")) {
      return 0;
    }
    if (server.startsWith("liberty")) {
      return 1;
    }
    return servletOnly(server) ? 3 : 2;
  }

  /** Starts {@code names}, as many at once as {@code starters} has threads, and waits for each. */
  private static void startEach(ExecutorService starters, List<String> names)
      throws InterruptedException {
    List<Future<?>> started = new ArrayList<>();
    for (String name : names) {
      started.add(starters.submit(() -> start(name)));
    }
    for (int i = 0; i < started.size(); i++) {
      try {
        started.get(i).get();
      } catch (ExecutionException e) {
        // One server that fails to start fails its own scenarios, not the others'.
        FAILED.put(names.get(i), e.getCause());
      }
    }
  }

  @AfterAll
  static void stopAll() {
    TARGETS.values().forEach(Target::close);
  }

  private static Void start(String name) throws Exception {
    String java =
        name.equals("payara7") || name.equals("glassfish8") ? java21(name) : Jdks.current();
    if (java == null) {
      return null;
    }
    boolean tomcat = name.startsWith("tomcat");
    boolean tomEE = name.startsWith("tomee");
    boolean servletOnly = servletOnly(name);
    Map<String, Path> good = new LinkedHashMap<>();
    good.put("webxml", war(name, "war-webxml", null));
    good.put("zero-xml", war(name, "war-zero-xml", null));
    // Tomcat and Jetty have no JAX-RS: their users bundle Jersey. The full servers bring their own.
    good.put("jaxrs", war(name, servletOnly ? "war-jaxrs-jersey" : "war-jaxrs", null));
    boolean glassFish = name.startsWith("glassfish");
    // Not on TomEE 9: the WAR's Jersey 3.1 needs JAX-RS 3.1, and TomEE 9 gives the application its
    // own JAX-RS 3.0 API (Jersey's servlet fails with a NoSuchMethodError; docs/deploy-tomee.md).
    if (name.startsWith("payara")
        || glassFish
        || name.equals("tomee8")
        || name.startsWith("liberty")) {
      good.put("jaxrs-jersey", war(name, "war-jaxrs-jersey", null));
    }
    if (!servletOnly) {
      good.put("cdi", war(name, "war-cdi", null));
    }
    if (tomcat || tomEE) {
      // A copy that one scenario undeploys.
      good.put("undeploy", war(name, "war-webxml", null));
    }
    Map<String, Path> bad = new LinkedHashMap<>();
    bad.put("typo", war(name, "war-webxml", "typo"));
    bad.put("bad-value", war(name, "war-webxml", "bad-value"));
    bad.put("zero-xml-bad", war(name, "war-zero-xml", "bad"));
    bad.put("jaxrs-bad", war(name, servletOnly ? "war-jaxrs-jersey" : "war-jaxrs", "bad"));
    bad.put("no-jackson", war(name, "war-webxml", "no-jackson"));
    Map<String, Path> all = new LinkedHashMap<>(good);
    all.putAll(bad);

    MoonKeyEmulator moonKey = MoonKeyEmulator.start();
    Map<String, String> environment =
        Map.of(
            "MOONKEY_API_URL", moonKey.baseUri().toString(),
            "MOONKEY_SECRET_KEY", moonKey.secretKey());
    // WildFly fails its boot when the JVM's JMX agent starts before its log manager; it offers JMX
    // through its own management interface instead.
    boolean noJmx = name.equals("wildfly");
    int jmxPort = noJmx ? 0 : Ports.free();
    // GlassFish's domain has a JMX connector of its own on the platform MBean server: its users
    // connect there. The JVM's JMX agent would start java.util.logging before GlassFish's log
    // manager, and GlassFish would then log nothing (no server.log, no console).
    List<String> jvmOptions = noJmx || glassFish ? List.of() : Jmx.options(jmxPort);
    if (name.equals("glassfish8")) {
      // GlassFish 8's domain points the JVM at its keystore.p12 without its password, so the JVM's
      // default TLS context cannot be built: its users set the password (the master password,
      // changeit unless changed), as docs/deploy-glassfish.md says.
      jvmOptions = List.of("-Djavax.net.ssl.keyStorePassword=changeit");
    }
    long begin = System.nanoTime();
    Server server = null;
    try {
      Path work = MatrixSettings.workDir(name);
      if (name.startsWith("payara")) {
        server = startPayara(name, work, java, good, bad, environment, jvmOptions);
      } else if (tomcat) {
        Path home = MatrixSettings.server(name + "-home");
        server =
            TomcatServer.start(
                new Launch(name, work, java, home, all, environment, jvmOptions),
                LogLines.files(name, work));
      } else if (tomEE) {
        // TomEE is a Tomcat with TomEE's listener and files: the same launcher.
        Path home = MatrixSettings.server(name + "-home");
        server =
            TomcatServer.start(new Launch(name, work, java, home, all, environment, jvmOptions));
      } else if (name.startsWith("liberty")) {
        Path home = MatrixSettings.server("liberty-home");
        server =
            LibertyServer.start(
                new Launch(name, work, java, home, all, environment, jvmOptions),
                libertyFeatures(name));
      } else if (name.equals("jetty")) {
        Path home = MatrixSettings.server("jetty-home");
        server =
            JettyServer.start(new Launch(name, work, java, home, all, environment, jvmOptions));
      } else if (glassFish) {
        Path home = MatrixSettings.server(name + "-home");
        GlassFishServer glassFishServer =
            GlassFishServer.start(
                new Launch(name, work, java, home, all, environment, jvmOptions), jmxPort);
        server = glassFishServer;
        glassFishServer.awaitDeployments(GlassFishServer.START_TIMEOUT);
      } else {
        Path home = MatrixSettings.server("wildfly-home");
        WildFlyServer wildFly =
            WildFlyServer.start(new Launch(name, work, java, home, all, environment, jvmOptions));
        server = wildFly;
        wildFly.awaitDeployments(WildFlyServer.START_TIMEOUT);
      }
      awaitApplications(server, good.keySet());
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      moonKey.close();
      throw e;
    }
    Duration startup = Duration.ofNanos(System.nanoTime() - begin);
    System.out.printf("%-10s ready in %6d ms%n", name, startup.toMillis());
    TARGETS.put(name, new Target(name, moonKey, server, all.keySet(), startup, jmxPort));
    return null;
  }

  private static void awaitApplications(Server server, Iterable<String> contexts) throws Exception {
    for (String context : contexts) {
      // The application's own page: 401 while nobody is signed in; the audit page: 200.
      int expected = context.equals("cdi") ? 200 : 401;
      server.awaitReady(context, probe(context), status -> status == expected, START_TIMEOUT);
    }
  }

  /**
   * Starts Payara Micro with the good WARs at boot (it starts no boot WAR listed after a failing
   * one: the bad WARs come later). Payara's own boot now and then stops for good in its service
   * locator, before it deploys anything or answers HTTP (a lock-up inside HK2's run levels that
   * Payara's users report too); a boot that never answered HTTP is started once more, in a work
   * directory of its own, saying so. An application that hangs its deployment hangs both.
   */
  private static Server startPayara(
      String name,
      Path work,
      String java,
      Map<String, Path> good,
      Map<String, Path> bad,
      Map<String, String> environment,
      List<String> jvmOptions)
      throws Exception {
    Path jar = MatrixSettings.server(name + "-jar");
    Server server =
        PayaraMicroServer.start(
            new Launch(name, work, java, jar, good, environment, jvmOptions), bad);
    try {
      awaitApplications(server, good.keySet());
      return server;
    } catch (AssertionError notReady) {
      if (notReady.getMessage() == null || !notReady.getMessage().contains("(last status -1,")) {
        server.close();
        throw notReady;
      }
      System.out.println(
          name + ": the boot never answered HTTP; starting it once more: " + notReady.getMessage());
      server.close();
    }
    Path again = Files.createDirectories(work.resolveSibling(name + "-second-boot"));
    return PayaraMicroServer.start(
        new Launch(name, again, java, jar, good, environment, jvmOptions), bad);
  }

  private static String probe(String context) {
    return switch (context) {
      case "cdi" -> "api/admin/audit";
      case "jaxrs", "jaxrs-jersey" -> Pages.JAXRS.me();
      default -> Pages.SERVLET.me();
    };
  }

  private static String java21(String name) {
    Optional<Path> jdk = Jdks.atLeast(21);
    if (jdk.isEmpty()) {
      String reason =
          name + " skipped: it needs Java 21+, and no such JDK is under " + Jdks.JVM_DIR;
      System.out.println(reason);
      SKIPPED.put(name, reason);
      return null;
    }
    return jdk.get().resolve("bin/java").toString();
  }

  private static Target target(String name) {
    assumeTrue(!SKIPPED.containsKey(name), SKIPPED.get(name));
    Target target = TARGETS.get(name);
    if (target == null) {
      throw new AssertionError(name + " did not start", FAILED.get(name));
    }
    return target;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void webXmlFilterRevokesAtMoonKeyEndsTheSessionAndExpiresTheCookies(String server)
      throws Exception {
    Target target = target(server);
    Scenarios.browserLogout(target.base("webxml"), Pages.SERVLET, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void zeroXmlContextParamAloneGivesTheSameLogout(String server) throws Exception {
    Target target = target(server);
    Scenarios.browserLogout(target.base("zero-xml"), Pages.SERVLET, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aLogoutLinkShowsThePageThatAsksAndItsButtonLogsOut(String server) throws Exception {
    Target target = target(server);
    Scenarios.confirmPageLogout(target.base("zero-xml"), Pages.SERVLET, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aMoonKeyOutageLogsTheUserOutAtOnceAndTheRetrierRevokesLater(String server) throws Exception {
    Target target = target(server);
    Scenarios.outageLogsOutLocallyAndRevokesLater(
        target.base("webxml"), Pages.SERVLET, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aCrossSiteLogoutIsRefusedAndChangesNothing(String server) throws Exception {
    Target target = target(server);
    Scenarios.crossSiteLogoutIsRefused(target.base("webxml"), Pages.SERVLET, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void yourDevicesListsTheUsersSessionsAndEndsAnotherOne(String server) throws Exception {
    Target target = target(server);
    Scenarios.yourDevices(target.base("zero-xml"), target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aSessionThatEndsWithoutALogoutIsRevokedAtMoonKey(String server) throws Exception {
    Target target = target(server);
    Scenarios.sessionEndRevokes(target.base("webxml"), target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theClientsMBeanCountsTheLogoutOverARealJmxConnection(String server) throws Exception {
    Target target = target(server);
    assumeTrue(
        target.jmxPort() != 0,
        server + ": JMX through the management interface only (the JVM agent breaks its boot)");
    long before = (Long) Jmx.attribute(target.jmxPort(), "/zero-xml", "Revoked");
    Scenarios.browserLogout(target.base("zero-xml"), Pages.SERVLET, target.moonKey());
    assertEquals(before + 1, (Long) Jmx.attribute(target.jmxPort(), "/zero-xml", "Revoked"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void jaxrsFeatureOnTheServersJaxrsRevokesAndAnswersJson(String server) throws Exception {
    Target target = target(server);
    Scenarios.jsonLogout(target.base("jaxrs"), Pages.JAXRS, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void jaxrsWarThatBundlesJerseyWorksOnAFullServerToo(String server) throws Exception {
    Target target = target(server);
    assumeTrue(target.serves("jaxrs-jersey"), server + " runs no WAR with Jersey bundled");
    Scenarios.jsonLogout(target.base("jaxrs-jersey"), Pages.JAXRS, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void anAdministratorInTheApplicationsRoleEndsEverySessionOfAUser(String server) throws Exception {
    Target target = target(server);
    Scenarios.adminEndsEverySessionOfAUser(target.base("jaxrs"), target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aUsersOwnResourceWithTheInjectedServiceLogsOutAndCdiObserversHearIt(String server)
      throws Exception {
    Target target = target(server);
    assumeTrue(
        target.serves("cdi"),
        server.equals("jetty")
            ? "jetty: no CDI unless the WAR brings Weld and the base adds ee10-cdi (not a setup the"
                + " matrix runs)"
            : server + " has no CDI");
    boolean jmx = target.jmxPort() != 0;
    long before = jmx ? (Long) Jmx.attribute(target.jmxPort(), "/cdi", "Revoked") : 0;
    Scenarios.cdiLogout(target.base("cdi"), target.moonKey());
    if (jmx) {
      // One client for the application: the injected service's logout counts in its one MBean.
      assertEquals(before + 1, (Long) Jmx.attribute(target.jmxPort(), "/cdi", "Revoked"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aScannedApplicationFindsTheFeatureAndTheResource(String server) throws Exception {
    Target target = target(server);
    assumeTrue(target.serves("cdi"), server + " runs no scanned application");
    Scenarios.scannedLogout(target.base("cdi"), target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theServerServesTheClientsFiguresAtItsMicroProfileMetricsEndpoint(String server)
      throws Exception {
    Target target = target(server);
    assumeTrue(
        server.startsWith("payara") || server.startsWith("liberty"),
        server + " has no MicroProfile Metrics");
    // MicroProfile Metrics 5 (Payara 6, 7, Liberty's mpMetrics-5.1) takes the scope as a
    // parameter, 3 (Payara 5, Liberty's mpMetrics-3.0) in the path, where it also prefixes the
    // names with it.
    URI metrics =
        target
            .base("cdi")
            .resolve(javax(server) ? "/metrics/application" : "/metrics?scope=application");
    double before = Scenarios.revokedGauge(metrics, "/cdi");
    Scenarios.scannedLogout(target.base("cdi"), target.moonKey());
    assertEquals(before + 1, Scenarios.revokedGauge(metrics, "/cdi"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aWarWithoutJacksonRunsOnTheJacksonOfAFullServer(String server) throws Exception {
    Target target = target(server);
    assumeTrue(
        lendsJackson(server),
        server.startsWith("liberty")
            ? server + " lends applications no Jackson (its own is hidden from them)"
            : server + " has no Jackson of its own");
    target
        .server()
        .awaitReady("no-jackson", Pages.SERVLET.me(), status -> status == 401, START_TIMEOUT);
    Scenarios.browserLogout(target.base("no-jackson"), Pages.SERVLET, target.moonKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void undeployingAnApplicationLeavesNoThreadOfItsMoonKeyClient(String server) throws Exception {
    Target target = target(server);
    assumeTrue(target.serves("undeploy"), server + ": Tomcat's leak detection is what says so");
    Scenarios.browserLogout(target.base("undeploy"), Pages.SERVLET, target.moonKey());

    TomcatServer tomcat = (TomcatServer) target.server();
    tomcat.undeploy("undeploy", Pages.SERVLET.me());
    tomcat.process().awaitLog("Undeploying context [/undeploy]", Duration.ofSeconds(30));

    List<String> complaints =
        tomcat
            .process()
            .log()
            .lines()
            .filter(line -> line.contains("[undeploy]") || line.contains("[/undeploy]"))
            .filter(
                line ->
                    line.contains("appears to have started a thread named")
                        || line.contains("memory leak")
                        || line.contains("SEVERE"))
            .toList();
    assertEquals(List.of(), complaints, "Tomcat's log: " + tomcat.process().logFile());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aLogoutIsOneInfoLineInTomcatsLogAndTheDocumentedSwitchShowsTheDebugLines(String server)
      throws Exception {
    Target target = target(server);
    assumeTrue(server.startsWith("tomcat"), server + ": the log lines are checked on Tomcat");
    LogLines.logoutsAreOneInfoLineEach(
        target.base("webxml"),
        target.moonKey(),
        target.server().process(),
        server.equals(LogLines.SWITCHED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void undeployingFromJettyEndsEveryThreadTheApplicationStarted(String server) throws Exception {
    assumeTrue(server.equals("jetty"), server + ": Jetty only (it has no leak detection to ask)");
    Target target = target(server);
    JettyServer jetty = (JettyServer) target.server();
    // Deployed while the test watches, so that the threads that appear are this application's.
    Set<Long> before = Jmx.threads(target.jmxPort(), "moonkey-").keySet();
    jetty.deploy("undeploy", war(server, "war-webxml", null));
    jetty.awaitReady("undeploy", Pages.SERVLET.me(), status -> status == 401, START_TIMEOUT);
    Scenarios.browserLogout(target.base("undeploy"), Pages.SERVLET, target.moonKey());
    Map<Long, String> started = new TreeMap<>(Jmx.threads(target.jmxPort(), "moonkey-"));
    started.keySet().removeAll(before);
    assertFalse(started.isEmpty(), "the application started MoonKey threads");

    jetty.undeploy("undeploy", Pages.SERVLET.me());

    // A worker of another application that happened to start in the window ends after 30 s idle;
    // the client's I/O threads and timer end only when the client is closed.
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    Map<Long, String> left = new TreeMap<>(started);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      left.keySet().retainAll(Jmx.threads(target.jmxPort(), "moonkey-").keySet());
    }
    assertEquals(Map.of(), left, "threads of the undeployed application still running");
    List<String> complaints =
        jetty
            .process()
            .log()
            .lines()
            .filter(line -> line.contains("undeploy"))
            .filter(
                line -> line.contains("WARN") || line.contains("ERROR") || line.contains("SEVERE"))
            .toList();
    assertEquals(List.of(), complaints, "Jetty's log: " + jetty.process().logFile());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badWars")
  void aBadSettingStopsTheApplicationWithTheLibrarysMessage(
      String server, String context, Pages pages, String message) throws Exception {
    Target target = target(server);
    target.server().process().awaitLog(message, Duration.ofSeconds(20));
    // Jetty keeps an application that failed to start deployed, unavailable: 503 and nothing else.
    // Open Liberty starts an application whose initializer threw: the library's start-failed
    // filter answers 503, and a request whose filter chain holds a filter that failed to start
    // (the WAR's own LogoutFilter) answers 500 (SRVE0321E in the log).
    Set<Integer> statuses =
        server.equals("jetty")
            ? Set.of(503)
            : server.startsWith("liberty") ? Set.of(500, 503) : Set.of(404, 503);
    Scenarios.notServed(
        target.base(context), pages, target.server().process().log(), message, statuses);
  }
}
