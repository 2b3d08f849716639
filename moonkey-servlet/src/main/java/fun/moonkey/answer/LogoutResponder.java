package fun.moonkey.answer;

import fun.moonkey.config.FailurePolicy;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.security.ReturnTargetPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what happened on the logout path into its HTTP answer, the one way for every entry point:
 * the status and body (JSON, a {@code 303} to the redirect target, or the container's error page
 * under {@code on-revocation-failure=fail}), and the headers ({@code Allow} and CORS from the
 * guard, {@code Cache-Control: no-store}, {@code Clear-Site-Data}, the cookie deletions). The
 * filter and the JAX-RS resource only write it out. Immutable and thread-safe.
 */
public final class LogoutResponder {

  private static final Map.Entry<String, String> NO_STORE =
      Map.entry("Cache-Control", LogoutAnswer.CACHE_CONTROL);

  private final MoonKeyConfig config;
  private final ReturnTargetPolicy returnTargets;

  private final SetCookieEntries setCookieEntries = new SetCookieEntries();

  /** The page that asks before logging out ({@code get-logout=confirm}), or null. */
  private final ConfirmationPage confirmation;

  /**
   * An answer ready to write.
   *
   * @param status the HTTP status
   * @param headers header names and values in order; {@code Set-Cookie} may repeat
   * @param contentType the body's type, or null without a body
   * @param body the body, or null for none
   * @param errorPage true when the container's own error page should carry {@code body} as its
   *     message (a browser under {@code on-revocation-failure=fail})
   */
  public record Answer(
      int status,
      List<Map.Entry<String, String>> headers,
      String contentType,
      String body,
      boolean errorPage) {
    /** Copies the headers. */
    public Answer {
      headers = List.copyOf(headers);
    }
  }

  /**
   * @param config the configuration (redirect, failure policy)
   * @param returnTargets whether a request-chosen redirect target may be followed
   */
  public LogoutResponder(MoonKeyConfig config, ReturnTargetPolicy returnTargets) {
    this.config = Objects.requireNonNull(config, "config");
    this.returnTargets = Objects.requireNonNull(returnTargets, "returnTargets");
    this.confirmation = config.confirmsGet() ? new ConfirmationPage(config) : null;
  }

  /**
   * Whether a browser's request with this method gets the page that asks before logging out: a
   * {@code GET} or {@code HEAD} under {@code get-logout=confirm}.
   */
  public boolean confirms(String method) {
    return confirmation != null && (method.equals("GET") || method.equals("HEAD"));
  }

  /**
   * The page that asks before logging out: {@code 200}, {@code text/html}, its security headers;
   * nothing has changed. Only when {@link #confirms} said so.
   *
   * @param scope the scope the button's POST will ask for, for the page's wording
   * @param head true for a {@code HEAD}: no body, its {@code Content-Length} given
   * @throws IllegalStateException when {@code get-logout} is not {@code confirm}
   */
  public Answer confirmation(Scope scope, boolean head) {
    if (confirmation == null) {
      throw new IllegalStateException("get-logout is not confirm: no confirmation page");
    }
    return confirmation.answer(scope, head);
  }

  /** The name of the request parameter holding a redirect target, when one may be chosen. */
  public Optional<String> returnToParameter() {
    return returnTargets.parameter();
  }

  /**
   * The answer to a request the guard refused; nothing has changed.
   *
   * @param check the guard's decision, anything but {@code LOGOUT}
   * @param mode JSON for {@code fetch}/API callers, else a plain-text reason
   */
  public Answer refused(LogoutGuard.Check check, ResponseMode mode) {
    LogoutAnswer refused = LogoutAnswer.refused(check.outcome());
    List<Map.Entry<String, String>> headers = headers(check, null);
    if (refused.json() == null) {
      return new Answer(refused.status(), headers, null, null, false);
    }
    return mode == ResponseMode.JSON
        ? new Answer(refused.status(), headers, LogoutAnswer.CONTENT_TYPE, refused.json(), false)
        : new Answer(
            refused.status(), headers, "text/plain;charset=UTF-8", "Logout refused\n", false);
  }

  /**
   * The answer to a logout.
   *
   * @param check the guard's decision on the request (its origin, whether it is secure)
   * @param result what the logout did
   * @param mode JSON, or a redirect for a browser
   * @param requestedTarget the value of the {@code return-to-parameter} parameter, or null
   * @param contextPath the application's context path, {@code ""} for the root
   */
  public Answer logout(
      LogoutGuard.Check check,
      LogoutResult result,
      ResponseMode mode,
      String requestedTarget,
      String contextPath) {
    List<Map.Entry<String, String>> headers = headers(check, result);
    LogoutAnswer json = json(result, config.onRevocationFailure());
    if (mode == ResponseMode.JSON) {
      return new Answer(json.status(), headers, LogoutAnswer.CONTENT_TYPE, json.json(), false);
    }
    if (json.status() >= 500 && config.onRevocationFailure() == FailurePolicy.FAIL) {
      return new Answer(500, headers, null, "Logout failed", true);
    }
    headers.add(Map.entry("Location", location(check, requestedTarget, contextPath)));
    return new Answer(303, headers, null, null, false);
  }

  /**
   * The answer to a request whose {@code HttpSession} was ended because a logout revoked its
   * MoonKey session ({@code enforce-revocations}): the application's signed-out state, a 303 to
   * {@code redirect} for a browser, a 401 for a JSON caller (or for every caller, with {@code
   * revoked-answer=401}).
   *
   * @param setCookies the cookie deletions
   * @param contextPath the application's context path
   */
  public Answer revoked(ResponseMode mode, List<String> setCookies, String contextPath) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Cache-Control", LogoutAnswer.CACHE_CONTROL));
    setCookies.forEach(cookie -> headers.add(Map.entry("Set-Cookie", cookie)));
    if (mode == ResponseMode.JSON || config.revokedAnswer401()) {
      return new Answer(
          401, headers, LogoutAnswer.CONTENT_TYPE, "{\"error\": \"Session revoked\"}", false);
    }
    String target = config.redirect();
    headers.add(Map.entry("Location", target.startsWith("/") ? contextPath + target : target));
    return new Answer(303, headers, null, null, false);
  }

  /**
   * The JSON answer: a single logout's status body, or for every session the counts, with 200
   * unless a single logout would answer an error (400 without a credential, 500 under {@code
   * on-revocation-failure=fail}); {@code "others": "pending"} first when the user's sessions could
   * not be listed now and the retrier revokes them later.
   */
  static LogoutAnswer json(LogoutResult result, FailurePolicy policy) {
    LogoutAnswer standard = LogoutAnswer.of(result.status(), policy);
    if (result.scope() == Scope.SESSION || standard.status() >= 400) {
      return standard;
    }
    LogoutSummary summary = result.summary();
    return new LogoutAnswer(
        200,
        "{\"success\": true, "
            + (summary.othersPending() ? "\"others\": \"pending\", " : "")
            + "\"revoked\": "
            + summary.revoked()
            + ", \"pending\": "
            + summary.pending()
            + ", \"failed\": "
            + summary.failed()
            + "}");
  }

  /**
   * The headers every answer of the logout path carries, in order: the guard's ({@code Allow},
   * CORS), {@code Cache-Control: no-store}, and for a logout {@code Clear-Site-Data} (when
   * configured and the request is secure) and the cookie deletions.
   */
  private List<Map.Entry<String, String>> headers(LogoutGuard.Check check, LogoutResult result) {
    List<Map.Entry<String, String>> cookies =
        result == null ? List.of() : setCookieEntries.of(result.setCookies());
    // Room for the guard's, Cache-Control, Clear-Site-Data, the cookies and a Location.
    List<Map.Entry<String, String>> headers =
        new ArrayList<>(check.headers().size() + cookies.size() + 3);
    if (!check.headers().isEmpty()) {
      check.headers().forEach((name, value) -> headers.add(Map.entry(name, value)));
    }
    headers.add(NO_STORE);
    if (result != null) {
      result.local().clearSiteData().ifPresent(v -> headers.add(Map.entry("Clear-Site-Data", v)));
      headers.addAll(cookies);
    }
    return headers;
  }

  /**
   * Where a browser goes after logout: the request-chosen target when {@code return-to-parameter}
   * is set and the target is safe (see {@link ReturnTargetPolicy}), else {@code redirect} (a
   * context-relative path gets the context path in front). Free of CR and LF.
   */
  private String location(LogoutGuard.Check check, String requested, String contextPath) {
    Optional<String> chosen = returnTargets.choose(requested, check.origin());
    if (chosen.isPresent()) {
      return chosen.get();
    }
    String target = config.redirect();
    return target.startsWith("/") ? contextPath + target : target;
  }
}
