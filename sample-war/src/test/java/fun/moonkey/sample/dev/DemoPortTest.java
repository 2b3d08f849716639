package fun.moonkey.sample.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoPortTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void chooseWhenNothingIsSetThen8080() {
    assertEquals(new DemoPort(8080, "PORT"), DemoPort.choose(null, null));
    assertEquals(new DemoPort(8080, "PORT"), DemoPort.choose("", " "));
  }

  @Test
  void chooseWhenOnlyTheVariableIsSetThenIt() {
    assertEquals(new DemoPort(9090, "PORT"), DemoPort.choose(null, "9090"));
    assertEquals(new DemoPort(9090, "PORT"), DemoPort.choose("", " 9090 "));
  }

  @Test
  void chooseWhenThePropertyIsSetThenItWinsOverTheVariable() {
    assertEquals(new DemoPort(9191, "-Dport"), DemoPort.choose("9191", "9090"));
  }

  @Test
  void chooseWhenNotAPortThenNamesTheSettingAndTheValue() {
    assertEquals(
        "PORT: expected a port number from 1 to 65535, got 'http'",
        assertThrows(IllegalArgumentException.class, () -> DemoPort.choose(null, "http"))
            .getMessage());
    assertEquals(
        "-Dport: expected a port number from 1 to 65535, got '0'",
        assertThrows(IllegalArgumentException.class, () -> DemoPort.choose("0", null))
            .getMessage());
    assertEquals(
        "PORT: expected a port number from 1 to 65535, got '65536'",
        assertThrows(IllegalArgumentException.class, () -> DemoPort.choose(null, "65536"))
            .getMessage());
  }

  @Test
  void requireFreeWhenNothingListensThenPasses() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      port = probe.getLocalPort();
    }
    new DemoPort(port, "PORT").requireFree(LOOPBACK);
  }

  @Test
  void requireFreeWhenTakenThenOneLineSuggestingAFreePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      int port = taken.getLocalPort();
      String message =
          assertThrows(
                  DemoPort.PortInUseException.class,
                  () -> new DemoPort(port, "PORT").requireFree(LOOPBACK))
              .getMessage();

      Matcher line =
          Pattern.compile("Port " + port + " is already in use; set PORT=(\\d+) to use another")
              .matcher(message);
      assertEquals(true, line.matches(), message);
      int suggested = Integer.parseInt(line.group(1));
      assertEquals(true, suggested > port && suggested <= port + 20, message);
      new DemoPort(suggested, "PORT").requireFree(LOOPBACK);
    }
  }

  @Test
  void messageNamesTheSettingThatChoseThePort() {
    assertEquals(
        "Port 8080 is already in use; set PORT=8081 to use another",
        new DemoPort(8080, "PORT").message(OptionalInt.of(8081)));
    assertEquals(
        "Port 8080 is already in use; set -Dport=<port> to use another",
        new DemoPort(8080, "-Dport").message(OptionalInt.empty()));
  }
}
