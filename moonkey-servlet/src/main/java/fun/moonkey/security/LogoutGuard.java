package fun.moonkey.security;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The first decision on a request to the logout path, made before anything changes: does it log
 * out, or is it refused, and how. Both entry points call {@link #check} with the request's {@link
 * RequestFacts} and act on the {@link Check}. Immutable and thread-safe.
 *
 * <p>In order: a CORS preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from
 * an allowed origin is answered; a method not configured is refused ({@code 405}); a prefetch or
 * prerender ({@code Sec-Purpose} or {@code Purpose} naming {@code prefetch}) is refused; a
 * cross-site request is refused ({@link CsrfPolicy}); anything else logs out.
 */
public final class LogoutGuard {

  private static final Logger LOG = System.getLogger(LogoutGuard.class.getName());

  /** JSON body of a refused cross-site request. */
  public static final String CROSS_SITE_REFUSED = "{\"error\": \"Cross-site request refused\"}";

  /** JSON body of a refused prefetch. */
  public static final String PREFETCH_REFUSED = "{\"error\": \"Prefetch refused\"}";

  private static final String ALLOWED_REQUEST_HEADERS = "accept, content-type, x-requested-with";

  /** What to do with a request. */
  public enum Outcome {
    /** Log out. */
    LOGOUT,
    /** Answer a CORS preflight from an allowed origin: {@code 204} with {@link Check#headers}. */
    PREFLIGHT,
    /** {@code 405} with {@code Allow}; nothing changes. */
    METHOD_NOT_ALLOWED,
    /** A speculative load: {@code 403}, nothing changes, and the browser drops the response. */
    PREFETCH,
    /** A cross-site request: {@code 403}, nothing changes. */
    CROSS_SITE
  }

  /**
   * The decision on one request.
   *
   * @param outcome what to do
   * @param secure whether the request is secure, directly or through a trusted proxy
   * @param origin the request's own origin, empty when its {@code Host} is malformed
   * @param headers response headers to add whatever the answer ({@code Allow}, CORS), in order
   */
  public record Check(
      Outcome outcome, boolean secure, Optional<WebOrigin> origin, Map<String, String> headers) {

    /** Copies the headers. */
    public Check {
      headers =
          headers.isEmpty()
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
  }

  private final Set<String> methods;
  private final String allow;
  private final ForwardedProto proxies;
  private final CsrfPolicy csrf;

  /**
   * @param methods the methods that log out, upper case
   * @param proxies how to tell the request's scheme
   * @param csrf the cross-site policy
   */
  public LogoutGuard(Set<String> methods, ForwardedProto proxies, CsrfPolicy csrf) {
    this.methods = Set.copyOf(methods);
    this.allow = String.join(", ", this.methods.stream().sorted().toList());
    this.proxies = Objects.requireNonNull(proxies, "proxies");
    this.csrf = Objects.requireNonNull(csrf, "csrf");
  }

  /**
   * @param facts the request
   * @return the decision; nothing has changed yet
   */
  public Check check(RequestFacts facts) {
    boolean secure = proxies.isSecure(facts);
    Optional<WebOrigin> own = proxies.origin(facts);
    Map<String, String> headers = new LinkedHashMap<>();
    String originHeader = facts.header("Origin");
    Optional<WebOrigin> origin =
        originHeader == null ? Optional.empty() : WebOrigin.parse(originHeader);
    // The allowed caller's serialisation, echoed by CORS; null for any other caller.
    String corsOrigin = csrf.allowed(origin);
    boolean corsCaller = corsOrigin != null;
    String requestedMethod = facts.header("Access-Control-Request-Method");
    if (facts.method().equals("OPTIONS") && requestedMethod != null && corsCaller) {
      if (methods.contains(requestedMethod.strip())) {
        cors(headers, corsOrigin);
        headers.put("Access-Control-Allow-Methods", allow);
        headers.put("Access-Control-Allow-Headers", ALLOWED_REQUEST_HEADERS);
        headers.put("Access-Control-Max-Age", "600");
        return new Check(Outcome.PREFLIGHT, secure, own, headers);
      }
    }
    if (!methods.contains(facts.method())) {
      headers.put("Allow", allow);
      return new Check(Outcome.METHOD_NOT_ALLOWED, secure, own, headers);
    }
    if (corsCaller) {
      cors(headers, corsOrigin);
    }
    if (isPrefetch(facts)) {
      LOG.log(Level.DEBUG, "Logout refused: a prefetch or prerender never logs out");
      return new Check(Outcome.PREFETCH, secure, own, headers);
    }
    CsrfPolicy.Verdict verdict = csrf.check(facts, own, origin);
    if (!verdict.allowed()) {
      LOG.log(Level.DEBUG, () -> "Logout refused as cross-site: " + verdict.reason());
      return new Check(Outcome.CROSS_SITE, secure, own, headers);
    }
    return new Check(Outcome.LOGOUT, secure, own, headers);
  }

  private static void cors(Map<String, String> headers, String allowedOrigin) {
    headers.put("Access-Control-Allow-Origin", allowedOrigin);
    headers.put("Access-Control-Allow-Credentials", "true");
    headers.put("Vary", "Origin");
  }

  /**
   * @param facts the request
   * @return true for a speculative load: {@code Sec-Purpose} whose first token is {@code prefetch}
   *     (also {@code prefetch;prerender}), or the legacy {@code Purpose: prefetch} / {@code X-Moz:
   *     prefetch}
   */
  static boolean isPrefetch(RequestFacts facts) {
    String secPurpose = facts.header("Sec-Purpose");
    if (secPurpose != null
        && secPurpose
            .strip()
            .toLowerCase(Locale.ROOT)
            .split("[;,]")[0]
            .strip()
            .equals("prefetch")) {
      return true;
    }
    for (String legacy : new String[] {"Purpose", "X-Moz"}) {
      String v = facts.header(legacy);
      if (v != null && v.strip().toLowerCase(Locale.ROOT).startsWith("prefetch")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "LogoutGuard[methods=" + allow + ", trusted-proxies=" + proxies + "]";
  }
}
