package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.ForwardingProxy;
import fun.moonkey.testing.JvmProxyProperties;
import fun.moonkey.testing.SilentPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MoonKey client through a real forwarding proxy on loopback: the {@code proxy} setting, the
 * JVM's proxy properties, {@code proxy=none}, and the {@code CONNECT} tunnel of an {@code https}
 * API URL. What the proxy recorded and what the emulator received are both checked.
 */
class SessionRevokerProxyTest {

  private static final String PATH = SessionRevoker.DELETE_PATH;

  private ForwardingProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = ForwardingProxy.start();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static MoonKeyConfig config(MoonKeyEmulator emulator, String... extra) {
    MoonKeyConfig.Builder builder =
        MoonKeyConfig.builder()
            .secretKey(emulator.secretKey())
            .apiUrl(emulator.baseUri())
            .timeout(Duration.ofSeconds(5))
            .set("max-attempts", "1");
    for (int i = 0; i < extra.length; i += 2) {
      builder.set(extra[i], extra[i + 1]);
    }
    return builder.build();
  }

  private static Credential id(EmulatedSession session) {
    return new Credential(CredentialType.SESSION_ID, session.id(), "test");
  }

  /** Revokes one session of {@code emulator} with {@code config}, trusting {@code tls} if given. */
  private static RevocationOutcome revoke(
      MoonKeyConfig config, SSLContext tls, EmulatedSession session) {
    try (SessionRevoker revoker = new SessionRevoker(config, tls)) {
      return revoker.revokeAndWait(id(session));
    }
  }

  /** The one DELETE the emulator received, with the session's id as its only body field. */
  private static void assertEmulatorRevoked(MoonKeyEmulator emulator, EmulatedSession session) {
    List<RecordedRequest> received = emulator.requests(PATH);
    assertEquals(1, received.size(), received::toString);
    assertEquals("DELETE", received.get(0).method());
    assertEquals(Map.of("session_id", session.id()), received.get(0).jsonBody());
    assertFalse(emulator.isActive(session.id()));
  }

  /** The proxy forwarded exactly one absolute-form DELETE to the emulator, body and key intact. */
  private void assertProxyForwardedDelete(MoonKeyEmulator emulator, EmulatedSession session) {
    List<ForwardingProxy.Passage> passages = proxy.passages();
    assertEquals(1, passages.size(), passages::toString);
    ForwardingProxy.Passage delete = passages.get(0);
    assertEquals("DELETE", delete.method());
    assertEquals(emulator.baseUri() + PATH, delete.target());
    assertEquals("{\"session_id\":\"" + session.id() + "\"}", delete.body());
    assertEquals("Bearer " + emulator.secretKey(), delete.header("Authorization"));
  }

  /** The proxy opened one CONNECT tunnel to the emulator, and only TLS records went through it. */
  private void assertTunnelledTls(MoonKeyEmulator emulator, EmulatedSession session) {
    List<ForwardingProxy.Passage> passages = proxy.passages();
    assertEquals(1, passages.size(), passages::toString);
    ForwardingProxy.Passage connect = passages.get(0);
    assertEquals("CONNECT", connect.method());
    assertEquals("127.0.0.1:" + emulator.port(), connect.target());
    byte[] tunnelled = connect.tunnelled();
    assertTrue(tunnelled.length > 5, "nothing went through the tunnel");
    // A TLS handshake record (content type 22, version 3.x) opens the stream: no plain HTTP.
    assertArrayEquals(new byte[] {0x16, 0x03}, Arrays.copyOf(tunnelled, 2));
    String seen = new String(tunnelled, StandardCharsets.ISO_8859_1);
    assertFalse(seen.contains(session.id()), "the session id crossed the proxy in clear");
    assertFalse(seen.contains(emulator.secretKey()), "the secret key crossed the proxy in clear");
    assertFalse(seen.contains("DELETE"), "the request line crossed the proxy in clear");
  }

  @Test
  void aConfiguredHttpProxyCarriesTheDeleteToMoonKey() {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");

      RevocationOutcome outcome = revoke(config(moonKey, "proxy", proxy.url()), null, session);

      assertEquals(new RevocationOutcome.Revoked(200), outcome);
      assertProxyForwardedDelete(moonKey, session);
      assertEmulatorRevoked(moonKey, session);
    }
  }

  @Test
  void unsetProxyFollowsTheJvmHttpProxyProperties() {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
      RevocationOutcome outcome =
          JvmProxyProperties.during(
              "http", proxy.port(), () -> revoke(config(moonKey), null, session));

      assertEquals(new RevocationOutcome.Revoked(200), outcome);
      assertProxyForwardedDelete(moonKey, session);
      assertEmulatorRevoked(moonKey, session);
    }
  }

  @Test
  void proxyNoneGoesStraightToMoonKeyWhateverTheJvmSays() {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
      RevocationOutcome outcome =
          JvmProxyProperties.during(
              "http", proxy.port(), () -> revoke(config(moonKey, "proxy", "none"), null, session));

      assertEquals(new RevocationOutcome.Revoked(200), outcome);
      assertEquals(0, proxy.connections(), proxy::toString);
      assertEmulatorRevoked(moonKey, session);
    }
  }

  @Test
  void anHttpsApiUrlIsTunnelledWithConnectAndTlsRunsEndToEnd() {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.builder().https(true).build()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");

      RevocationOutcome outcome =
          revoke(config(moonKey, "proxy", proxy.url()), moonKey.clientSslContext(), session);

      assertEquals(new RevocationOutcome.Revoked(200), outcome);
      assertTunnelledTls(moonKey, session);
      assertEmulatorRevoked(moonKey, session);
    }
  }

  @Test
  void unsetProxyFollowsTheJvmHttpsProxyPropertiesForAnHttpsApiUrl() {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.builder().https(true).build()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
      RevocationOutcome outcome =
          JvmProxyProperties.during(
              "https",
              proxy.port(),
              () -> revoke(config(moonKey), moonKey.clientSslContext(), session));

      assertEquals(new RevocationOutcome.Revoked(200), outcome);
      assertTunnelledTls(moonKey, session);
      assertEmulatorRevoked(moonKey, session);
    }
  }

  @Test
  void aProxyThatDoesNotAnswerIsATransientFailureAndNothingGoesDirect() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        SilentPeer deadProxy = SilentPeer.start()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
      MoonKeyConfig config =
          config(
              moonKey,
              "proxy",
              deadProxy.baseUri().toString(),
              "timeout",
              "300ms",
              "max-attempts",
              "1");

      RevocationOutcome outcome = revoke(config, null, session);

      assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome);
      Await.until(
          Duration.ofSeconds(5),
          () -> deadProxy.acceptedConnections() == 1,
          () -> "the dead proxy accepted " + deadProxy.acceptedConnections() + " connections");
      assertEquals(List.of(), moonKey.requests());
      assertTrue(moonKey.isActive(session.id()));
    }
  }
}
