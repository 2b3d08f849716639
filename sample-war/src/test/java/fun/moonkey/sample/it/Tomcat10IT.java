package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scenario on Tomcat 10.1 (Jakarta EE 10), from the distribution zip on Maven Central, plus the
 * proof that these tests see what the WAR lacks: the same WAR without {@code jersey-hk2}, deployed
 * beside it as {@code /broken}, fails the scenario (a test classpath shared with the webapp would
 * have hidden that).
 */
class Tomcat10IT extends TomcatContainerTest {

  static final String BROKEN = "broken";

  @Override
  String name() {
    return "tomcat10";
  }

  @Override
  Path home() {
    return TestSettings.file("sample.tomcat10-home");
  }

  @Override
  Map<String, Path> extraWars() throws Exception {
    Path broken = TestSettings.workDir("broken-war/" + BROKEN + ".war");
    int removed = WarFiles.copyWithout(TestSettings.war(), broken, "WEB-INF/lib/jersey-hk2-");
    assertEquals(1, removed, "jersey-hk2 jars removed from the copy");
    return Map.of(BROKEN, broken);
  }

  @Test
  void warWithoutJerseyHk2FailsTheScenario() throws Exception {
    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () -> new SignInLogoutScenario(tomcat.base(BROKEN), moonKey).run());
    assertTrue(
        failure.getMessage().contains("but was: <500>")
            || failure.getMessage().contains("but was: <404>"),
        failure.getMessage());
    assertTrue(
        tomcat.process().log().contains("InjectionManagerFactory not found"),
        "Tomcat's log names the missing piece: " + tomcat.process().logFile());
  }
}
