package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.containers.ContainerProcess;
import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.TomcatServer;
import fun.moonkey.emulator.MoonKeyEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample WAR in a real Tomcat distribution (a separate process), against a MoonKey emulator in
 * this JVM: the sign-in/logout scenario, then undeploying leaves no thread of ours and no
 * memory-leak warning in Tomcat's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TomcatContainerTest {

  static final String CONTEXT = "sample";

  MoonKeyEmulator moonKey;
  TomcatServer tomcat;

  /** {@code tomcat11} or {@code tomcat10}: the work directory and the name in reports. */
  abstract String name();

  /** The unpacked distribution. */
  abstract Path home();

  /** Further WARs to deploy beside the sample, by context name. */
  Map<String, Path> extraWars() throws Exception {
    return Map.of();
  }

  @BeforeAll
  void start() throws Exception {
    moonKey = MoonKeyEmulator.start();
    Map<String, Path> wars = new java.util.LinkedHashMap<>(extraWars());
    wars.put(CONTEXT, TestSettings.war());
    tomcat =
        TomcatServer.start(
            new Launch(
                name(),
                TestSettings.workDir(name()),
                Jdks.current(),
                home(),
                wars,
                Map.of(
                    "MOONKEY_API_URL", moonKey.baseUri().toString(),
                    "MOONKEY_SECRET_KEY", moonKey.secretKey()),
                List.of()));
    tomcat.awaitReady(CONTEXT, "api/me", status -> status == 401, TomcatServer.START_TIMEOUT);
    Timings.record(name(), tomcat.process().startupTime());
  }

  @AfterAll
  void stop() {
    if (tomcat != null) {
      tomcat.close();
    }
    if (moonKey != null) {
      moonKey.close();
    }
  }

  @Test
  void signInLogOutThenUndeployLeavesNoThreadAndNoLeakWarning() throws Exception {
    new SignInLogoutScenario(tomcat.base(CONTEXT), moonKey).run();

    tomcat.undeploy(CONTEXT, "api/me");
    ContainerProcess process = tomcat.process();
    process.awaitLog("Undeploying context [/" + CONTEXT + "]", Duration.ofSeconds(30));
    List<String> complaints =
        process
            .log()
            .lines()
            .filter(
                line -> line.contains("[" + CONTEXT + "]") || line.contains("[/" + CONTEXT + "]"))
            .filter(
                line ->
                    line.contains("appears to have started a thread named")
                        || line.contains("memory leak")
                        || line.contains("SEVERE"))
            .toList();
    assertEquals(List.of(), complaints, "Tomcat's log: " + process.logFile());
    assertTrue(
        process.log().contains("Deployment of web application archive [")
            && process.log().contains(CONTEXT + ".war] has finished"),
        "the sample was deployed");
  }
}
