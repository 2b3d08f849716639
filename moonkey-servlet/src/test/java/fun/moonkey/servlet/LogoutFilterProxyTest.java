package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.ForwardingProxy;
import fun.moonkey.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The {@code proxy} init-param of the real filter in embedded Jetty: the start-up line names the
 * proxy, and a logout's revocation reaches the emulator through a real forwarding proxy.
 */
class LogoutFilterProxyTest {

  @Test
  void aLogoutRevokesThroughTheConfiguredProxyAndTheStartUpLineNamesIt() throws Exception {
    try (ForwardingProxy proxy = ForwardingProxy.start();
        LogCapture logs = LogCapture.at(Level.INFO);
        LogoutFixture fixture = LogoutFixture.start("proxy", proxy.url())) {
      List<String> ready = logs.messages(LogoutFilter.class.getName(), Level.INFO);
      assertEquals(1, ready.size(), ready::toString);
      assertTrue(ready.get(0).contains(", proxy=" + proxy.url() + ", "), ready.get(0));

      assertEquals(303, fixture.logout("POST", "tok-through-proxy").send().status());

      List<ForwardingProxy.Passage> passages = proxy.passages();
      assertEquals(1, passages.size(), passages::toString);
      assertEquals("DELETE", passages.get(0).method());
      assertEquals(
          fixture.moonKey.baseUri() + SessionRevoker.DELETE_PATH, passages.get(0).target());
      assertEquals("{\"session_token\":\"tok-through-proxy\"}", passages.get(0).body());
      List<RecordedRequest> received = fixture.moonKey.requests(SessionRevoker.DELETE_PATH);
      assertEquals(1, received.size(), received::toString);
      assertEquals(Map.of("session_token", "tok-through-proxy"), received.get(0).jsonBody());
    }
  }
}
