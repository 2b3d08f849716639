package fun.moonkey.config;

import static fun.moonkey.config.ConfigKeys.*;
import static fun.moonkey.config.Setting.REQUIRED;
import static fun.moonkey.config.Type.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting, each defined once, in the order of the start-up line and of the docs: its key,
 * what it takes, its default, whether it is secret, and one line of documentation. Parsing and its
 * messages, {@link ConfigKeys#ALL}, {@link MoonKeyConfig#toString()}, the builder's typed setters
 * and the table of docs/configuration.md ({@code ConfigurationDocTest}) derive from it.
 */
final class Settings {

  static final List<Setting<?>> ALL =
      List.of(
          secret(SECRET_KEY, SECRET, REQUIRED).doc("MoonKey secret key."),
          secret(PREVIOUS_SECRET_KEY, PREVIOUS_SECRET, "(none)")
              .doc("While a key rotation settles: the secret key that `secret-key` replaced."),
          def(API_URL, URL, "https://api.moonkey.fun").doc("API base."),
          def(PROXY, PROXY_URL, "(JVM settings)").doc("Outbound HTTP proxy for calls to MoonKey."),
          def(LOGOUT_PATH, PATH, "(every mapped request)")
              .doc("The context-relative path that logs out."),
          def(METHODS, HTTP_METHODS, "POST").doc("Methods that log out."),
          def(TOKEN_COOKIE, COOKIE_NAME, "session_token")
              .doc("Cookie holding the MoonKey session token."),
          def(TOKEN_ATTRIBUTE, NAME, "moonkey.session_token")
              .doc("`HttpSession` attribute holding the session token."),
          def(SESSION_ID_ATTRIBUTE, NAME, "moonkey.session_id")
              .doc("`HttpSession` attribute holding the session id."),
          def(USER_ID_ATTRIBUTE, NAME, "moonkey.user_id")
              .doc("`HttpSession` attribute holding MoonKey's user id, if the application has it."),
          def(TOKEN_HEADER, COOKIE_NAME, "(none)").doc("Request header carrying a session token."),
          def(JWT_COOKIE, COOKIE_NAME, "(none)").doc("Cookie holding the session JWT."),
          def(REDIRECT, TARGET, "/").doc("Where a browser goes after logout."),
          def(TIMEOUT, duration("100ms", "5m"), "5s")
              .doc("Whole budget for revocation before the answer goes out."),
          def(EXPIRE_COOKIES, COOKIES, "(token cookie and session cookie)")
              .doc("Cookies to expire."),
          def(ON_REVOCATION_FAILURE, POLICY, "pending")
              .doc("What a JSON caller is told when revocation failed."),
          def(MAX_ATTEMPTS, integer(1, 10), "3")
              .doc("Calls one logout may make to MoonKey, the first included."),
          def(BACKOFF_INITIAL, duration("10ms", "1m"), "200ms")
              .doc("Ceiling of the first retry's wait."),
          def(BACKOFF_MAX, duration(BACKOFF_INITIAL, "24h"), "5m")
              .doc("Ceiling of any wait between attempts, and of an honoured `Retry-After`."),
          def(RETRY_HORIZON, duration("1m", "720h"), "24h")
              .doc("How long the background retrier keeps trying a revocation."),
          def(PENDING_CAPACITY, integer(1, 1_000_000), "10000")
              .doc("Most revocations held by the retrier."),
          def(PENDING_STORE, STORE, "(the application's work directory)")
              .doc("Where pending revocations are kept, to survive a restart or a crash."),
          def(MAX_CONCURRENCY, integer(1, 10_000), "256")
              .doc("Most calls to MoonKey in flight at once: the bulkhead."),
          def(BREAKER_FAILURES, integer(1, 1000), "5")
              .doc("Transient failures in a row that open the circuit breaker."),
          def(BREAKER_COOLDOWN, duration("100ms", "1h"), "30s")
              .doc("How long the open breaker keeps calls from MoonKey before one trial call."),
          def(SHUTDOWN_GRACE, duration("0ms", "1m"), "2s")
              .doc("How long stopping the application tries to deliver what is pending."),
          def(ALLOWED_ORIGINS, ORIGINS, "(none)")
              .doc("Origins of cross-origin callers that may log out."),
          def(ALLOW_SAME_SITE, BOOLEAN, "false")
              .doc("Whether a sibling subdomain may log out without being on `allowed-origins`."),
          def(TRUSTED_PROXIES, NETWORKS, "(none)")
              .doc("Reverse proxies whose `Forwarded: proto=` / `X-Forwarded-Proto` are believed."),
          def(RETURN_TO_PARAMETER, NAME, "(off)")
              .doc("Request parameter that may choose the redirect target."),
          def(RETURN_TO_ORIGINS, ORIGINS, "(none)")
              .doc("Origins, besides the request's own, that `return-to-parameter` may lead to."),
          def(CLEAR_SITE_DATA, SITE_DATA, "(none)")
              .doc("`Clear-Site-Data` directives, sent on secure requests only."),
          def(REVOKE_ON_SESSION_END, BOOLEAN, "true")
              .doc("Whether an `HttpSession` that ends without a logout is revoked at MoonKey."),
          def(SCOPES, SCOPE_WORDS, "(none)")
              .doc("Scopes a logout request may ask for with `scope`."),
          def(ENFORCE_REVOCATIONS, BOOLEAN, "false")
              .doc("Whether an `HttpSession` whose MoonKey session a logout revoked ends."),
          def(REVOCATION_REFRESH, duration("100ms", "1m"), "2s")
              .doc("How often a node reads the revocations the other nodes recorded."),
          def(REVOKED_RETENTION, duration("1m", "720h"), "12h")
              .doc("How long a revocation is remembered at least."),
          def(REVOKED_ANSWER, choice("redirect", false, "401", true), "redirect")
              .doc("How a request whose session `enforce-revocations` ended is answered."),
          def(REVERIFY_INTERVAL, duration("1s", "24h"), "(off)")
              .doc("How often a session's token is re-verified with MoonKey."),
          def(REVERIFY_FAILURE, choice("open", false, "closed", true), "open")
              .doc("What a re-verification that gets no answer does."),
          def(GET_LOGOUT, GET_LOGOUT_CHOICE, "refuse")
              .doc("What a browser's GET on the logout path gets: `405`, or a page that asks."),
          def(CONFIRM_STYLESHEET, STYLESHEET, "(none)")
              .doc("A stylesheet of the application that themes the confirmation page."),
          def(ADMIN_ROLE, ROLE, "(none)").doc("Role a caller of `SessionAdminResource` must have."),
          def(SESSIONS_API, BOOLEAN, "false")
              .doc("Whether users may list their MoonKey sessions and end one of them."));

  private Settings() {}

  private static <T> Setting<T> def(String key, Type<T> type, String dflt) {
    return new Setting<>(key, type, dflt, false, "");
  }

  private static Setting<String> secret(String key, Type<String> type, String dflt) {
    return new Setting<>(key, type, dflt, true, "");
  }

  static List<String> keys() {
    return ALL.stream().map(Setting::key).toList();
  }

  static Setting<?> of(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  /** Every setting's value in {@code source}, else its default, by key. */
  static Map<String, Object> read(ConfigSource source) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : ALL) {
      values.put(setting.key(), setting.read(source, values));
    }
    return values;
  }

  /** Checks that every key of {@code source} is known and every required one set, then reads. */
  static Map<String, Object> parse(ConfigSource source) {
    List<String> unknown = source.unknownKeys();
    if (!unknown.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (String entry : unknown) {
        Optional<String> meant = KeySuggestion.forEntry(entry);
        named.add(entry + meant.map(k -> " (did you mean '" + k + "'?)").orElse(""));
      }
      throw new ConfigException(
          "unknown MoonKey configuration key"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", named)
              + "; known keys are "
              + String.join(", ", ConfigKeys.ALL));
    }
    for (Setting<?> setting : ALL) {
      if (setting.dflt().equals(REQUIRED) && source.find(setting.key()).isEmpty()) {
        throw new ConfigException(
            PREFIX
                + setting.key()
                + ": required but not set; set the environment variable "
                + envName(setting.key())
                + " or the system property "
                + PREFIX
                + setting.key());
      }
    }
    return read(source);
  }
}
