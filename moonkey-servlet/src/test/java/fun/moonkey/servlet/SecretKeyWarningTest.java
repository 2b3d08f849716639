package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** A secret key typed into {@code web.xml} logs one WARN at start-up, without the value. */
class SecretKeyWarningTest {

  private static final String WARNING =
      "The MoonKey secret key is set in web.xml; set the environment variable MOONKEY_SECRET_KEY"
          + " instead, so that it stays out of the WAR and version control";

  @Test
  void secretAsInitParamWarnsOnceWithoutTheValue() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LogCapture logs = LogCapture.at(Level.ALL)) {
      Map<String, String> params =
          Map.of("secret-key", moonKey.secretKey(), "api-url", moonKey.baseUri().toString());
      JettyApp app = JettyApp.create("/app").filter(LogoutFilter.class, "/*", params).start();
      try {
        assertEquals(List.of(WARNING), logs.messages(LogoutFilter.class.getName(), Level.WARNING));
      } finally {
        app.close();
      }
      for (String line : logs.lines()) {
        assertEquals(false, line.contains(moonKey.secretKey()), line);
      }
    }
  }

  @Test
  void secretAsContextParamWarnsToo() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LogCapture logs = LogCapture.at(Level.ALL)) {
      JettyApp app =
          JettyApp.create("/app")
              .contextParam("moonkey.secret-key", moonKey.secretKey())
              .filter(LogoutFilter.class, "/*", Map.of("api-url", moonKey.baseUri().toString()))
              .start();
      try {
        assertEquals(List.of(WARNING), logs.messages(LogoutFilter.class.getName(), Level.WARNING));
      } finally {
        app.close();
      }
    }
  }

  @Test
  void secretAsSystemPropertyDoesNotWarn() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LogCapture logs = LogCapture.at(Level.ALL)) {
      System.setProperty("moonkey.secret-key", moonKey.secretKey());
      JettyApp app =
          JettyApp.create("/app")
              .filter(LogoutFilter.class, "/*", Map.of("api-url", moonKey.baseUri().toString()))
              .start();
      try {
        assertEquals(List.of(), logs.messages(LogoutFilter.class.getName(), Level.WARNING));
      } finally {
        app.close();
        System.clearProperty("moonkey.secret-key");
      }
    }
  }
}
