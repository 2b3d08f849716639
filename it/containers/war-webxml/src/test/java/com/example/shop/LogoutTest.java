package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.Reply;
import fun.moonkey.test.MoonKeyExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application's own logout test, with the MoonKey test kit: its {@code web.xml} and servlet in
 * an embedded Tomcat, pointed at the kit's emulator. This is the example of docs/testing.md.
 */
class LogoutTest {

  @RegisterExtension static MoonKeyExtension moonKey = MoonKeyExtension.create();

  private static Tomcat tomcat;
  private static URI app;

  @BeforeAll
  static void startTomcat() throws Exception {
    // The kit has set moonkey.api-url and moonkey.secret-key; the filter of web.xml reads them.
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    tomcat.setConnector(connector);
    Context context =
        tomcat.addWebapp("/shop", Path.of("src/main/webapp").toAbsolutePath().toString());
    Tomcat.addServlet(context, "account", new AccountServlet());
    for (String path : new String[] {"/signin", "/me", "/signed-out"}) {
      context.addServletMappingDecoded(path, "account");
    }
    tomcat.start();
    app = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/shop/");
  }

  @AfterAll
  static void stopTomcat() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  private final HttpClient browser =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new CookieManager())
          .build();

  private HttpResponse<String> post(String path, String form) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(app.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int me() throws Exception {
    return browser
        .send(
            HttpRequest.newBuilder(app.resolve("me")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private void signIn(EmulatedSession session) throws Exception {
    post(
        "signin",
        "email="
            + URLEncoder.encode(session.email(), StandardCharsets.UTF_8)
            + "&token="
            + URLEncoder.encode(session.token(), StandardCharsets.UTF_8));
    assertEquals(200, me());
  }

  @Test
  void logoutRevokesTheMoonKeySessionAndEndsOurs() throws Exception {
    EmulatedSession session = moonKey.createSession("a@example.com");
    signIn(session);

    HttpResponse<String> logout = post("logout", "");

    assertEquals(303, logout.statusCode());
    assertEquals("/shop/signed-out", logout.headers().firstValue("Location").orElseThrow());
    moonKey.assertRevoked(session);
    assertEquals(401, me());
  }

  @Test
  void aMoonKeyOutageStillLogsTheUserOutHere() throws Exception {
    EmulatedSession session = moonKey.createSession("b@example.com");
    signIn(session);
    moonKey.answerAlways(Reply.status(503));

    assertEquals(303, post("logout", "").statusCode());

    // Logged out here at once; MoonKey refused the request's 3 attempts (max-attempts), so its
    // session lives on. The library keeps it for a later retry, which may already have gone out.
    assertEquals(401, me());
    int attempts = moonKey.revocationsOf(session).size();
    assertTrue(attempts >= 3, attempts + " attempts reached MoonKey");
    moonKey.assertActive(session);
  }
}
