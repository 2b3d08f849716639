package fun.moonkey.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The confirmation page's body and headers: its one inline style is the one its policy's hash
 * allows, it runs no script, its form posts back to its own URL, and its policy lets the form go
 * only where the logout may redirect.
 */
class ConfirmationPageTest {

  private static MoonKeyConfig config(String... pairs) {
    MoonKeyConfig.Builder builder =
        MoonKeyConfig.builder().secretKey("sk_test_0123456789abcdef").set("get-logout", "confirm");
    for (int i = 0; i < pairs.length; i += 2) {
      builder.set(pairs[i], pairs[i + 1]);
    }
    return builder.build();
  }

  private static String header(LogoutResponder.Answer answer, String name) {
    return answer.headers().stream()
        .filter(h -> h.getKey().equals(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void pageRunsNoScriptAndItsOnlyStyleIsTheOneThePolicysHashAllows() throws Exception {
    LogoutResponder.Answer page = new ConfirmationPage(config()).answer(Scope.SESSION, false);

    assertEquals(200, page.status());
    assertEquals("text/html; charset=utf-8", page.contentType());
    assertEquals(
        "default-src 'none'; style-src 'sha256-"
            + sha256(ConfirmationPage.STYLE)
            + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        header(page, "Content-Security-Policy"));
    assertEquals("DENY", header(page, "X-Frame-Options"));
    assertEquals("no-store", header(page, "Cache-Control"));
    assertEquals("nosniff", header(page, "X-Content-Type-Options"));
    Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page.body());
    assertTrue(style.find());
    assertEquals(ConfirmationPage.STYLE, style.group(1));
    assertFalse(style.find(), "one inline style only");
    assertFalse(page.body().contains("<script"));
    assertFalse(page.body().contains("<link"));
    assertFalse(
        Pattern.compile("\\son[a-z]+=").matcher(page.body()).find(), "no event handler attribute");
    assertTrue(page.body().contains("<form method=\"post\"><button type=\"submit\""));
    assertFalse(page.body().contains("action="), "the form posts to the page's own URL");
    assertTrue(page.body().contains("<title>Log out?</title>"));
  }

  @Test
  void stylesheetIsLinkedAfterTheStyleAndAllowedAsTheOriginsOwn() throws Exception {
    LogoutResponder.Answer page =
        new ConfirmationPage(config("confirm-stylesheet", "/app/theme.css"))
            .answer(Scope.SESSION, false);

    assertTrue(
        page.body().contains("</style>\n<link rel=\"stylesheet\" href=\"/app/theme.css\">\n"));
    assertTrue(
        header(page, "Content-Security-Policy")
            .startsWith(
                "default-src 'none'; style-src 'sha256-"
                    + sha256(ConfirmationPage.STYLE)
                    + "' 'self'; form-action 'self';"));
  }

  @Test
  void formMayGoWhereTheLogoutRedirects() {
    LogoutResponder.Answer page =
        new ConfirmationPage(
                config(
                    "redirect",
                    "https://www.example.com/bye",
                    "return-to-parameter",
                    "next",
                    "return-to-origins",
                    "https://b.example, https://a.example:8443"))
            .answer(Scope.SESSION, false);

    assertTrue(
        header(page, "Content-Security-Policy")
            .contains(
                "; form-action 'self' https://www.example.com https://a.example:8443"
                    + " https://b.example;"));
  }

  @Test
  void headHasTheHeadersAndLengthOfTheGetAndNoBody() {
    ConfirmationPage confirmation = new ConfirmationPage(config());
    LogoutResponder.Answer get = confirmation.answer(Scope.ALL, false);
    LogoutResponder.Answer head = confirmation.answer(Scope.ALL, true);

    assertNull(head.body());
    assertEquals(get.contentType(), head.contentType());
    assertEquals(
        Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length),
        header(head, "Content-Length"));
    assertEquals(get.headers(), head.headers().subList(0, get.headers().size()));
    assertTrue(get.body().contains("<title>Log out everywhere?</title>"));
  }

  private static String sha256(String text) throws Exception {
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
