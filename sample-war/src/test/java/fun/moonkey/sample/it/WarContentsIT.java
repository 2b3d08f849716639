package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the two WAR flavours hold: the Tomcat/Jetty WAR bundles the JAX-RS API and Jersey's server
 * and client; the {@code payara} WAR leaves them to the server; neither ever holds the MoonKey
 * emulator or a test library.
 */
class WarContentsIT {

  static final List<String> JERSEY_STACK =
      List.of(
          "jakarta.ws.rs-api-",
          "jersey-client-",
          "jersey-common-",
          "jersey-server-",
          "jersey-container-servlet-",
          "jersey-hk2-");

  @Test
  void tomcatWarBundlesJaxRsAndJersey() throws Exception {
    List<String> libs = WarFiles.libraries(TestSettings.war());
    for (String prefix : JERSEY_STACK) {
      assertTrue(libs.stream().anyMatch(lib -> lib.startsWith(prefix)), prefix + " in " + libs);
    }
    assertTrue(libs.stream().anyMatch(lib -> lib.startsWith("moonkey-servlet-")), libs.toString());
  }

  @Test
  void payaraWarLeavesJaxRsAndJerseyToTheServer() throws Exception {
    List<String> libs = WarFiles.libraries(TestSettings.payaraWar());
    for (String prefix : JERSEY_STACK) {
      assertEquals(List.of(), libs.stream().filter(lib -> lib.startsWith(prefix)).toList(), prefix);
    }
    assertTrue(libs.stream().anyMatch(lib -> lib.startsWith("moonkey-servlet-")), libs.toString());
    // The library's MoonKey client is the JDK's: no Jersey jar of any kind is needed beside it.
    assertEquals(List.of(), libs.stream().filter(lib -> lib.startsWith("jersey-")).toList());
  }

  @Test
  void neitherWarHoldsTheEmulatorOrTestLibraries() throws Exception {
    for (var war : List.of(TestSettings.war(), TestSettings.payaraWar())) {
      List<String> forbidden =
          WarFiles.libraries(war).stream()
              .filter(
                  lib ->
                      lib.startsWith("moonkey-emulator")
                          || lib.startsWith("selenium")
                          || lib.startsWith("tomcat-")
                          || lib.startsWith("junit"))
              .toList();
      assertEquals(List.of(), forbidden, war.toString());
    }
  }
}
