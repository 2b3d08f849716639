package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

  @Test
  void httpsEmulatorIsTrustedThroughItsClientSslContextOnly() throws Exception {
    try (MoonKeyEmulator emulator = MoonKeyEmulator.builder().https(true).build()) {
      assertEquals(URI.create("https://127.0.0.1:" + emulator.port()), emulator.baseUri());
      EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
      Wire trusting =
          new Wire(emulator, HttpClient.newBuilder().sslContext(emulator.clientSslContext()));

      HttpResponse<String> response = trusting.delete("{\"session_id\":\"" + session.id() + "\"}");

      assertEquals(200, response.statusCode());
      assertEquals("{\"message\":\"Successfully deleted session\"}", response.body());
      assertEquals("DELETE", emulator.takeRequest(Wire.TIMEOUT).method());

      Wire defaultTrust = new Wire(emulator);
      IOException e = assertThrows(IOException.class, () -> defaultTrust.delete("{}"));
      assertEquals(SSLHandshakeException.class, e.getClass());
      assertEquals(1, emulator.requests().size());
    }
    assertEquals(List.of(), Threads.emulatorThreads());
  }

  @Test
  void certificateIsValidForLocalhost() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");

    try (SSLServerSocket server =
        (SSLServerSocket)
            certificate
                .serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
      Thread acceptor =
          new Thread(
              () -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                  accepted.getOutputStream().write(42);
                  accepted.getOutputStream().flush();
                } catch (IOException e) {
                  // the client reports the failure
                }
              },
              "test-tls-acceptor");
      acceptor.start();
      Socket plain = new Socket(loopback, server.getLocalPort());
      try (SSLSocket client =
          (SSLSocket)
              certificate
                  .clientContext()
                  .getSocketFactory()
                  .createSocket(plain, "localhost", server.getLocalPort(), true)) {
        SSLParameters parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(parameters);
        client.setSoTimeout(5000);

        assertEquals(42, client.getInputStream().read());
      }
      acceptor.join(5000);
    }
  }
}
