package fun.moonkey.sample.it;

import java.nio.file.Path;

/** The scenario on Tomcat 11 (Jakarta EE 11), from the distribution zip on Maven Central. */
class Tomcat11IT extends TomcatContainerTest {

  @Override
  String name() {
    return "tomcat11";
  }

  @Override
  Path home() {
    return TestSettings.file("sample.tomcat11-home");
  }
}
