package fun.moonkey.sample.it;

import fun.moonkey.containers.Jdks;
import java.nio.file.Path;

/** The scenario on Payara Micro 6 (Jakarta EE 10) on the JDK running the tests (17). */
class PayaraMicro6IT extends PayaraContainerTest {

  @Override
  String name() {
    return "payara-micro6";
  }

  @Override
  Path jar() {
    return TestSettings.file("sample.payara6-jar");
  }

  @Override
  String java() {
    return Jdks.current();
  }
}
