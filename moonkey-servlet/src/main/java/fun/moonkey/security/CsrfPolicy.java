package fun.moonkey.security;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Refuses cross-site logout requests (OWASP CSRF cheat sheet order): Fetch Metadata first, then
 * {@code Origin}, then {@code Referer}. Immutable and thread-safe.
 *
 * <ol>
 *   <li>{@code Sec-Fetch-Site}: {@code same-origin} and {@code none} (the user typed or bookmarked
 *       it) pass; {@code same-site} passes when same-site callers are allowed; {@code same-site}
 *       and {@code cross-site} pass otherwise only with an {@code Origin} on the allow-list; any
 *       other value fails.
 *   <li>else {@code Origin}: passes when it equals the request's own origin or is on the
 *       allow-list; {@code null} and anything malformed fail.
 *   <li>else {@code Referer}: its origin, parsed as a browser does, must be the request's own or on
 *       the allow-list.
 *   <li>none of the three: passes. Every browser that can be made to send a cross-site POST sends
 *       {@code Origin} with it (and current ones Fetch Metadata too), so a request without any is
 *       from a non-browser client such as curl or an old one, which an attacker's page cannot drive
 *       with the victim's cookies.
 * </ol>
 */
public final class CsrfPolicy {

  private static final Verdict SAME_ORIGIN = new Verdict(true, "Sec-Fetch-Site: same-origin");
  private static final Verdict USER_INITIATED = new Verdict(true, "Sec-Fetch-Site: none");

  private final Set<WebOrigin> allowedOrigins;
  private final Map<WebOrigin, String> serialised;
  private final boolean allowSameSite;

  /**
   * @param allowedOrigins cross-origin callers that may log out
   * @param allowSameSite whether {@code Sec-Fetch-Site: same-site} passes without an allow-listed
   *     origin
   */
  public CsrfPolicy(Set<WebOrigin> allowedOrigins, boolean allowSameSite) {
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    // Serialised once: a CORS answer echoes them on every request from an allowed caller.
    this.serialised =
        this.allowedOrigins.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), WebOrigin::toString));
    this.allowSameSite = allowSameSite;
  }

  /**
   * The decision, with its reason for a DEBUG line.
   *
   * @param allowed whether the request may log out
   * @param reason why, with request values escaped for a log line
   */
  public record Verdict(boolean allowed, String reason) {}

  /**
   * @param facts the request's headers
   * @param own the request's own origin; empty when its {@code Host} is malformed, in which case
   *     only Fetch Metadata or an allow-listed origin can pass
   * @return the decision
   */
  public Verdict check(RequestFacts facts, Optional<WebOrigin> own) {
    return check(facts, own, WebOrigin.parse(facts.header("Origin")));
  }

  /**
   * {@link #check(RequestFacts, Optional)} with the {@code Origin} header already parsed, so that a
   * caller that reads it too parses it once.
   *
   * @param facts the request's headers
   * @param own the request's own origin, or empty
   * @param parsedOrigin {@code WebOrigin.parse} of the request's {@code Origin} header
   * @return the decision
   */
  public Verdict check(
      RequestFacts facts, Optional<WebOrigin> own, Optional<WebOrigin> parsedOrigin) {
    String site = facts.header("Sec-Fetch-Site");
    String origin = facts.header("Origin");
    if (site != null) {
      String s = site.strip().toLowerCase(Locale.ROOT);
      switch (s) {
        case "same-origin" -> {
          return SAME_ORIGIN;
        }
        case "none" -> {
          return USER_INITIATED;
        }
        case "same-site", "cross-site" -> {
          if (s.equals("same-site") && allowSameSite) {
            return new Verdict(true, "Sec-Fetch-Site: same-site, allowed by configuration");
          }
          if (allowed(parsedOrigin) != null) {
            return new Verdict(true, "Sec-Fetch-Site: " + s + " from an allowed origin");
          }
          return new Verdict(
              false,
              "Sec-Fetch-Site: " + s + ", Origin " + LogSafe.escape(origin) + " not allowed");
        }
        default -> {
          return new Verdict(false, "Sec-Fetch-Site: unknown value " + LogSafe.escape(site));
        }
      }
    }
    if (origin != null) {
      Optional<WebOrigin> parsed = parsedOrigin;
      if (parsed.isPresent() && (parsed.equals(own) || allowedOrigins.contains(parsed.get()))) {
        return new Verdict(true, "Origin " + parsed.get());
      }
      return new Verdict(false, "Origin " + LogSafe.escape(origin) + " is not this site's");
    }
    String referer = facts.header("Referer");
    if (referer != null) {
      if (own.isPresent()) {
        Optional<WebOrigin> from =
            BrowserUrl.parse(referer, own.get())
                .filter(t -> !t.relative())
                .map(BrowserUrl.Target::origin);
        if (from.isPresent() && (from.equals(own) || allowedOrigins.contains(from.get()))) {
          return new Verdict(true, "Referer from " + from.get());
        }
      }
      return new Verdict(false, "Referer " + LogSafe.escape(referer) + " is not this site's");
    }
    return new Verdict(true, "no Sec-Fetch-Site, Origin or Referer: not a browser");
  }

  /**
   * @param origin an {@code Origin} header value
   * @return true when it names an allow-listed cross-origin caller
   */
  public boolean isAllowedOrigin(String origin) {
    return allowed(WebOrigin.parse(origin)) != null;
  }

  /**
   * @param origin a parsed {@code Origin} header, or empty
   * @return its serialisation when it names an allow-listed caller (what a CORS answer echoes),
   *     else null
   */
  public String allowed(Optional<WebOrigin> origin) {
    return origin.isPresent() ? serialised.get(origin.get()) : null;
  }
}
