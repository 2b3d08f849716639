package com.example.shop;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * A user's own pages, as a legacy application has them: {@code POST /signin} takes the MoonKey
 * session token that the sign-in page obtained (and its id, when the page has it), keeps it in an
 * HttpOnly cookie and opens the {@code HttpSession}; {@code GET /me} says whether the session is
 * signed in; {@code /signed-out} is where the logout sends the browser.
 */
@WebServlet(urlPatterns = {"/signin", "/forget", "/me", "/signed-out"})
public class AccountServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if ("/forget".equals(request.getServletPath())) {
      // The application ends the session its own way (a password change, say): no logout.
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().write("forgotten");
      return;
    }
    if (!"/signin".equals(request.getServletPath())) {
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    String token = request.getParameter("token");
    if (token == null || token.isBlank()) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "token required");
      return;
    }
    HttpSession session = request.getSession(true);
    session.setAttribute("user", request.getParameter("email"));
    // Where the library looks first, and all it has when the session ends without a logout.
    session.setAttribute("moonkey.session_token", token);
    String id = request.getParameter("id");
    if (id != null && !id.isBlank()) {
      // An application that knows the MoonKey session id keeps it too.
      session.setAttribute("moonkey.session_id", id);
    }
    Cookie cookie = new Cookie("session_token", token);
    cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
    cookie.setHttpOnly(true);
    response.addCookie(cookie);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write("signed in");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    if ("/signed-out".equals(request.getServletPath())) {
      response.getWriter().write("signed out");
      return;
    }
    HttpSession session = request.getSession(false);
    if (session == null || session.getAttribute("user") == null) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.getWriter().write("anonymous");
      return;
    }
    response.getWriter().write("signed in as " + session.getAttribute("user"));
  }
}
