package fun.moonkey.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter's MoonKey client as a platform MBean, read over JMX as JConsole reads it. */
class LogoutMetricsTest {

  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() {
    moonKey.close();
  }

  private static Set<ObjectName> names() throws Exception {
    return JMX.queryNames(
        new ObjectName("fun.moonkey:type=LogoutService,context=\"/metrics\",*"), null);
  }

  @Test
  void filterClientIsAnMBeanCountingOutcomesCallsAndLatencyWhileItRuns() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (JettyApp app =
        JettyApp.create("/metrics")
            .filter(
                LogoutFilter.class,
                "/*",
                Map.of(
                    "logout-path", "/logout",
                    "api-url", moonKey.baseUri().toString(),
                    "max-attempts", "1"))
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .start()) {
      Http.to(app.uri("/logout")).json().cookie("session_token", session.token()).post();
      moonKey.enqueue(Reply.status(404));
      Http.to(app.uri("/logout")).json().cookie("session_token", "tok_gone").post();
      Http.to(app.uri("/logout")).json().post();

      Set<ObjectName> names = names();
      assertEquals(1, names.size(), names.toString());
      ObjectName name = names.iterator().next();
      assertTrue(name.getKeyProperty("id").matches("\\d+"), name.toString());
      assertEquals(1L, JMX.getAttribute(name, "Revoked"));
      assertEquals(1L, JMX.getAttribute(name, "AlreadyGone"));
      assertEquals(1L, JMX.getAttribute(name, "NoSession"));
      assertEquals(0L, JMX.getAttribute(name, "Pending"));
      assertEquals(0L, JMX.getAttribute(name, "Failed"));
      assertEquals(2L, JMX.getAttribute(name, "Calls"));
      assertEquals(0L, JMX.getAttribute(name, "Retries"));
      assertEquals(0, JMX.getAttribute(name, "PendingSize"));
      assertEquals("CLOSED", JMX.getAttribute(name, "BreakerState"));
      assertArrayEquals(
          new String[] {
            "le_5ms",
            "le_10ms",
            "le_25ms",
            "le_50ms",
            "le_100ms",
            "le_250ms",
            "le_500ms",
            "le_1000ms",
            "le_2500ms",
            "le_5000ms",
            "gt_5000ms"
          },
          (String[]) JMX.getAttribute(name, "LatencyBuckets"));
      assertEquals(2L, Arrays.stream((long[]) JMX.getAttribute(name, "LatencyCounts")).sum());
    }
    assertEquals(Set.of(), names(), "unregistered when the filter stops");
  }
}
