package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.servlet.FilterRoutes.Route;
import org.junit.jupiter.api.Test;

class FilterRoutesTest {

  private final FilterRoutes on = new FilterRoutes("/logout", true);
  private final FilterRoutes off = new FilterRoutes("/logout", false);

  @Test
  void theLogoutPathIsALogoutWhateverSessionsApiSays() {
    assertEquals(Route.LOGOUT, on.route("/app/logout", "/app"));
    assertEquals(Route.LOGOUT, off.route("/app/logout", "/app"));
    assertEquals(Route.LOGOUT, on.route("/logout", ""));
  }

  @Test
  void withSessionsApiTheTwoPathsUnderItAreTheFilters() {
    assertEquals(Route.SESSIONS, on.route("/app/logout/sessions", "/app"));
    assertEquals(Route.SESSIONS_END, on.route("/app/logout/sessions/end", "/app"));
    assertEquals(Route.SESSIONS, on.route("/logout/sessions", ""));
    assertEquals(Route.SESSIONS_END, on.route("/logout/sessions/end", ""));
  }

  @Test
  void withoutSessionsApiTheyPassDown() {
    assertEquals(Route.PASS, off.route("/app/logout/sessions", "/app"));
    assertEquals(Route.PASS, off.route("/app/logout/sessions/end", "/app"));
  }

  @Test
  void lookalikesOfTheSameLengthPassDown() {
    assertEquals(Route.PASS, on.route("/app/logout/sessionz", "/app"));
    assertEquals(Route.PASS, on.route("/app/logout/sessions/eNd", "/app"));
    assertEquals(Route.PASS, on.route("/app/logoutXsessions", "/app"));
    assertEquals(Route.PASS, on.route("/app/logouts/sessions", "/app"));
    assertEquals(Route.PASS, on.route("/apX/logout/sessions", "/app"));
    assertEquals(Route.PASS, on.route("/app/logout/sessions/", "/app"));
    assertEquals(Route.PASS, on.route("/app/orders/42", "/app"));
    assertEquals(Route.PASS, on.route("/app/logout/sessions;x", "/app"));
  }

  @Test
  void withoutLogoutPathEveryRequestIsALogout() {
    FilterRoutes every = new FilterRoutes(null, true);

    assertEquals(Route.LOGOUT, every.route("/app/anything", "/app"));
    assertEquals(Route.LOGOUT, every.route("/app/logout/sessions", "/app"));
  }
}
