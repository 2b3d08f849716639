package fun.moonkey.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Test servlet of a web application: {@code GET ?id=} signs in (puts the MoonKey session id in the
 * {@code HttpSession}, with {@code ttl=} seconds of inactivity allowed when given); {@code GET
 * ?drop} invalidates the session, as an application's own code would.
 */
final class SignInServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getParameter("drop") != null) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      response.getWriter().write("dropped");
      return;
    }
    HttpSession session = request.getSession(true);
    session.setAttribute("moonkey.session_id", request.getParameter("id"));
    String ttl = request.getParameter("ttl");
    if (ttl != null) {
      session.setMaxInactiveInterval(Integer.parseInt(ttl));
    }
    response.getWriter().write("signed in");
  }
}
