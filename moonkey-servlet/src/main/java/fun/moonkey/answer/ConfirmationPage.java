package fun.moonkey.answer;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.security.WebOrigin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The page that {@code get-logout=confirm} answers a browser's GET on the logout path with: a
 * heading and one button, a form that POSTs back to the page's own URL (its query, {@code
 * return-to-parameter} and {@code scope} included, goes with it), so that the POST is the
 * same-origin browser POST the guard lets through. A GET never logs out.
 *
 * <p>Nothing of the request is written into the page: each variant (one per scope) is made once,
 * from the configuration. It runs no script; its one inline style is allowed by its hash in the
 * {@code Content-Security-Policy}, which lets nothing else load but, when {@code
 * confirm-stylesheet} is set, stylesheets of the page's own origin. The style's colours, font and
 * radius are CSS custom properties ({@code --moonkey-bg} and so on) that such a stylesheet
 * overrides. Immutable and thread-safe.
 */
final class ConfirmationPage {

  /** The page's {@code Content-Type}. */
  static final String CONTENT_TYPE = "text/html; charset=utf-8";

  /** The inline style; the custom properties at its top are the theme. */
  static final String STYLE =
      ":root{--moonkey-bg:#f4f5f7;--moonkey-fg:#1c2230;--moonkey-card:#ffffff;"
          + "--moonkey-muted:#5b6475;--moonkey-accent:#3451b2;--moonkey-accent-fg:#ffffff;"
          + "--moonkey-radius:10px;--moonkey-font:system-ui,-apple-system,\"Segoe UI\",sans-serif}"
          + "@media (prefers-color-scheme:dark){:root{--moonkey-bg:#14171c;--moonkey-fg:#e8eaef;"
          + "--moonkey-card:#1f242c;--moonkey-muted:#a4abb8;--moonkey-accent:#8da2fb;"
          + "--moonkey-accent-fg:#10131a}}"
          + "body{margin:0;min-height:100vh;display:grid;place-items:center;"
          + "background:var(--moonkey-bg);color:var(--moonkey-fg);font-family:var(--moonkey-font)}"
          + "main{background:var(--moonkey-card);border-radius:var(--moonkey-radius);"
          + "padding:2rem 2.5rem;max-width:26rem;margin:1rem;text-align:center;"
          + "box-shadow:0 1px 3px rgba(0,0,0,.2)}"
          + "h1{font-size:1.4rem;margin:0 0 .5rem}p{color:var(--moonkey-muted);margin:0 0 1.5rem}"
          + "button{font:inherit;font-weight:600;padding:.6rem 1.6rem;border:0;cursor:pointer;"
          + "border-radius:var(--moonkey-radius);background:var(--moonkey-accent);"
          + "color:var(--moonkey-accent-fg)}"
          + "button:focus-visible{outline:3px solid var(--moonkey-accent);outline-offset:3px}";

  private final Map<Scope, String> bodies = new EnumMap<>(Scope.class);
  private final List<Map.Entry<String, String>> headers;

  ConfirmationPage(MoonKeyConfig config) {
    String stylesheet = config.confirmStylesheet().orElse(null);
    for (Scope scope : Scope.values()) {
      bodies.put(scope, html(scope, stylesheet));
    }
    headers =
        List.of(
            Map.entry("Cache-Control", LogoutAnswer.CACHE_CONTROL),
            Map.entry("Content-Security-Policy", policy(config, stylesheet != null)),
            Map.entry("X-Frame-Options", "DENY"),
            Map.entry("X-Content-Type-Options", "nosniff"));
  }

  /**
   * The page's answer.
   *
   * @param scope what the button logs out ({@code scope} as the request asked and {@code scopes}
   *     allows), for the page's wording
   * @param head true for a {@code HEAD}: the same status and headers, no body
   */
  LogoutResponder.Answer answer(Scope scope, boolean head) {
    String body = bodies.get(scope);
    if (!head) {
      return new LogoutResponder.Answer(200, headers, CONTENT_TYPE, body, false);
    }
    List<Map.Entry<String, String>> withLength = new ArrayList<>(headers);
    int length = body.getBytes(StandardCharsets.UTF_8).length;
    withLength.add(Map.entry("Content-Length", Integer.toString(length)));
    return new LogoutResponder.Answer(200, withLength, CONTENT_TYPE, null, false);
  }

  /**
   * Nothing loads but the page's own style (and, with a stylesheet, the origin's), nothing runs, no
   * frame may hold it; the form may go to this origin and, as Chromium checks {@code form-action}
   * along the redirect too, to where the logout may redirect.
   */
  static String policy(MoonKeyConfig config, boolean stylesheet) {
    Set<String> formTargets = new LinkedHashSet<>();
    formTargets.add("'self'");
    String redirect = config.redirect();
    if (!redirect.startsWith("/")) {
      // Checked at start-up to be an absolute http(s) URL.
      URI target = URI.create(redirect);
      WebOrigin.of(target.getScheme(), target.getRawAuthority())
          .ifPresent(origin -> formTargets.add(origin.toString()));
    }
    config.security().returnToOrigins().stream()
        .map(WebOrigin::toString)
        .sorted()
        .forEach(formTargets::add);
    return "default-src 'none'; style-src 'sha256-"
        + sha256(STYLE)
        + "'"
        + (stylesheet ? " 'self'" : "")
        + "; form-action "
        + String.join(" ", formTargets)
        + "; frame-ancestors 'none'; base-uri 'none'";
  }

  private static String html(Scope scope, String stylesheet) {
    String title;
    String text;
    String button;
    switch (scope) {
      case ALL -> {
        title = "Log out everywhere?";
        text = "This ends your sessions on every device and in every browser.";
        button = "Log out everywhere";
      }
      case OTHERS -> {
        title = "Sign out your other devices?";
        text = "This ends your sessions everywhere else; you stay signed in here.";
        button = "Sign out other devices";
      }
      default -> {
        title = "Log out?";
        text = "You are about to log out of this application.";
        button = "Log out";
      }
    }
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>"
        + title
        + "</title>\n<style>"
        + STYLE
        + "</style>\n"
        // The configured path is checked at start-up to need no escaping here.
        + (stylesheet == null ? "" : "<link rel=\"stylesheet\" href=\"" + stylesheet + "\">\n")
        + "</head>\n<body>\n<main>\n<h1>"
        + title
        + "</h1>\n<p>"
        + text
        + "</p>\n"
        // No action: the form posts to the page's own URL, query string included.
        + "<form method=\"post\"><button type=\"submit\" id=\"moonkey-logout-confirm\" autofocus>"
        + button
        + "</button></form>\n</main>\n</body>\n</html>\n";
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
