package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.containers.Jdks;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The scenario on Payara Micro 7 (Jakarta EE 11), which needs Java 21 or later: run with the newest
 * such JDK under {@code /usr/lib/jvm}, skipped with a printed reason when there is none.
 */
class PayaraMicro7IT extends PayaraContainerTest {

  @Override
  String name() {
    return "payara-micro7";
  }

  @Override
  Path jar() {
    return TestSettings.file("sample.payara7-jar");
  }

  @Override
  String java() {
    Optional<Path> jdk = Jdks.atLeast(21);
    if (jdk.isEmpty()) {
      String reason =
          "Payara Micro 7 skipped: it needs Java 21+, and no such JDK is under " + Jdks.JVM_DIR;
      System.out.println(reason);
      assumeTrue(false, reason);
    }
    System.out.println("Payara Micro 7 runs on " + jdk.get());
    return jdk.get().resolve("bin/java").toString();
  }
}
