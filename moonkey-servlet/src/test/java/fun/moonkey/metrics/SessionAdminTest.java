package fun.moonkey.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.testing.JettyApp;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter's client's SessionAdmin operation, invoked through the platform MBean server. */
class SessionAdminTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  private static final String USER = "user_id#" + Credential.hashOf("user_1");

  private MoonKeyEmulator moonKey;
  private JettyApp app;

  @BeforeEach
  void start() throws Exception {
    moonKey = MoonKeyEmulator.start();
    app =
        JettyApp.create("/jmx-admin")
            .filter(
                LogoutFilter.class,
                "/*",
                Map.of(
                    "logout-path", "/logout",
                    "api-url", moonKey.baseUri().toString(),
                    "max-attempts", "1"))
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .start();
  }

  @AfterEach
  void stop() {
    app.close();
    moonKey.close();
  }

  private static ObjectName name() throws Exception {
    Set<ObjectName> names =
        SERVER.queryNames(
            new ObjectName("fun.moonkey:type=SessionAdmin,context=\"/jmx-admin\",*"), null);
    assertEquals(1, names.size(), names.toString());
    return names.iterator().next();
  }

  private static String invoke(String userId) throws Exception {
    return (String)
        SERVER.invoke(
            name(),
            "endAllSessionsOf",
            new Object[] {userId},
            new String[] {String.class.getName()});
  }

  @Test
  void endsEverySessionOfTheUserAndAnswersOneLineNamingTheUserByHash() throws Exception {
    EmulatedSession a1 = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession a2 = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession b = moonKey.createSession("user_2", "b@example.com");

    assertEquals(
        "REVOKED: 2 session(s) of " + USER + ": 2 revoked, 0 pending, 0 failed", invoke("user_1"));

    assertFalse(moonKey.isActive(a1.id()) || moonKey.isActive(a2.id()));
    assertTrue(moonKey.isActive(b.id()));
    assertEquals(2, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    // The MXBean proxy a JMX client would use says the same.
    SessionAdminMXBean proxy = JMX.newMXBeanProxy(SERVER, name(), SessionAdminMXBean.class);
    assertEquals(
        "NO_SESSION: " + USER + " has no MoonKey session", proxy.endAllSessionsOf("user_1"));
  }

  @Test
  void moonKeyDownAnswersPending() throws Exception {
    moonKey.createSession("user_1", "a@example.com");
    moonKey.setDefaultReply(Reply.status(503));
    assertEquals(
        "PENDING: the sessions of "
            + USER
            + " could not be listed now; the retrier revokes them when MoonKey is back",
        invoke("user_1"));
  }

  @Test
  void aBadUserIdIsRefusedWithItsReason() throws Exception {
    RuntimeMBeanException refused =
        assertThrows(RuntimeMBeanException.class, () -> invoke("user 1"));
    IllegalArgumentException cause =
        assertInstanceOf(IllegalArgumentException.class, refused.getCause());
    assertEquals(
        "userId: expected printable ASCII without spaces, got ' ' at index 4", cause.getMessage());
    assertEquals(0, moonKey.requests().size());
  }

  @Test
  void theOperationGoesWhenTheApplicationStops() throws Exception {
    ObjectName name = name();
    app.close();
    assertFalse(SERVER.isRegistered(name));
  }
}
