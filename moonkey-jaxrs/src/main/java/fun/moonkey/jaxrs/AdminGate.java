package fun.moonkey.jaxrs;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.SecuritySettings;
import fun.moonkey.security.CsrfPolicy;
import fun.moonkey.security.ForwardedProto;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.security.RequestFacts;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call {@link SessionAdminResource}, decided before anything changes, in this order: no
 * {@code admin-role} configured (404: the resource is not there); a cross-site browser request
 * (403, by the logout's own {@link CsrfPolicy}: Fetch Metadata, then {@code Origin}, then {@code
 * Referer}) or a body type an HTML form can send (403: {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data}, {@code text/plain}); no authenticated caller (401); a caller not in
 * the role (403). Immutable and thread-safe.
 */
final class AdminGate {

  private static final Logger LOG = System.getLogger(AdminGate.class.getName());

  /** The body types a cross-site HTML form or a "simple" {@code fetch} may send. */
  private static final Set<String> FORM_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  /** A refusal: the status and its JSON body. */
  record Refusal(int status, String body) {}

  static final Refusal NOT_FOUND = new Refusal(404, "{\"error\": \"Not found\"}");
  static final Refusal CROSS_SITE = new Refusal(403, LogoutGuard.CROSS_SITE_REFUSED);
  static final Refusal FORM_BODY =
      new Refusal(403, "{\"error\": \"Send no body or a JSON body, not a form\"}");
  static final Refusal UNAUTHENTICATED =
      new Refusal(401, "{\"error\": \"Authentication required\"}");
  static final Refusal FORBIDDEN = new Refusal(403, "{\"error\": \"Forbidden\"}");

  private final Optional<String> role;
  private final ForwardedProto proxies;
  private final CsrfPolicy csrf;

  AdminGate(MoonKeyConfig config) {
    SecuritySettings security = config.security();
    this.role = config.adminRole();
    this.proxies = new ForwardedProto(security.trustedProxies());
    this.csrf = new CsrfPolicy(security.allowedOrigins(), security.allowSameSite());
  }

  /**
   * @param facts the request's method, origin and headers
   * @param security the caller, as the runtime authenticated it
   * @return the refusal, or empty when the caller may end a user's sessions
   */
  Optional<Refusal> check(RequestFacts facts, SecurityContext security) {
    if (role.isEmpty()) {
      return Optional.of(NOT_FOUND);
    }
    CsrfPolicy.Verdict verdict = csrf.check(facts, proxies.origin(facts));
    if (!verdict.allowed()) {
      LOG.log(
          Level.DEBUG, () -> "Session administration refused as cross-site: " + verdict.reason());
      return Optional.of(CROSS_SITE);
    }
    String type = facts.header("Content-Type");
    if (type != null && FORM_TYPES.contains(type.split(";")[0].strip().toLowerCase(Locale.ROOT))) {
      return Optional.of(FORM_BODY);
    }
    if (security == null || security.getUserPrincipal() == null) {
      return Optional.of(UNAUTHENTICATED);
    }
    if (!security.isUserInRole(role.get())) {
      return Optional.of(FORBIDDEN);
    }
    return Optional.empty();
  }
}
