package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.SessionCookieConfig;
import org.junit.jupiter.api.Test;

/**
 * On Servlet 6 the attributes come from the container's {@code SessionCookieConfig}; the javax
 * flavour's path, a Servlet 4 container without the method, runs on Tomcat 9 and Payara 5 in the
 * container matrix.
 */
class SessionCookieAttributesTest {

  @Test
  void getReadsTheAttributeOfTheContainersSessionCookieConfig() {
    SessionCookieConfig config = mock(SessionCookieConfig.class);
    when(config.getAttribute("SameSite")).thenReturn("Strict");

    assertEquals("Strict", SessionCookieAttributes.get(config, "SameSite"));
    assertNull(SessionCookieAttributes.get(config, "Partitioned"));
  }

  @Test
  void getPassesOnWhatTheContainerThrows() {
    SessionCookieConfig config = mock(SessionCookieConfig.class);
    IllegalStateException thrown = new IllegalStateException("context destroyed");
    when(config.getAttribute("SameSite")).thenThrow(thrown);

    assertSame(
        thrown,
        assertThrows(
            IllegalStateException.class, () -> SessionCookieAttributes.get(config, "SameSite")));
  }
}
