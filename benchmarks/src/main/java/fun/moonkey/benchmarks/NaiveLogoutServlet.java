package fun.moonkey.benchmarks;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Baseline (c): what an application writes without the library, following the backend example of
 * MoonKey's logout documentation. Per logout it opens an {@link HttpURLConnection} to MoonKey,
 * waits for the answer on the container thread, invalidates the session and redirects.
 */
final class NaiveLogoutServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final URI deleteUri;
  private final String secretKey;

  NaiveLogoutServlet(URI apiUrl, String secretKey) {
    this.deleteUri = URI.create(apiUrl + "/v1/auth/sessions/delete");
    this.secretKey = secretKey;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String token = null;
    if (req.getCookies() != null) {
      for (Cookie cookie : req.getCookies()) {
        if (cookie.getName().equals("session_token")) {
          token = cookie.getValue();
        }
      }
    }
    if (token == null) {
      resp.sendError(400, "No session found");
      return;
    }
    HttpURLConnection connection = (HttpURLConnection) deleteUri.toURL().openConnection();
    connection.setRequestMethod("DELETE");
    connection.setDoOutput(true);
    connection.setRequestProperty("Authorization", "Bearer " + secretKey);
    connection.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = connection.getOutputStream()) {
      out.write(("{\"session_token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    int status = connection.getResponseCode();
    try (InputStream in =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
    HttpSession session = req.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    Cookie expired = new Cookie("session_token", "");
    expired.setMaxAge(0);
    expired.setPath("/app");
    resp.addCookie(expired);
    resp.sendRedirect(req.getContextPath() + "/");
  }
}
