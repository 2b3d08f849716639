package fun.moonkey.credential;

import fun.moonkey.config.MoonKeyConfig;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the MoonKey credentials of a request: step one of a logout. Thread-safe.
 *
 * <p>Order: the server-side session's id attribute (else its token attribute), then the token
 * header if one is configured, then every value of the token cookie, then, only when nothing was
 * found, the JWT cookie. A token equal to one already found is not repeated. Values that could not
 * be a credential (see {@link Credential#isAcceptable}) are skipped and never sent.
 */
public final class CredentialLookup {

  private static final Logger LOG = System.getLogger(CredentialLookup.class.getName());
  private static final String BEARER = "Bearer ";

  private final MoonKeyConfig config;

  /**
   * @param config where to look
   */
  public CredentialLookup(MoonKeyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * @param request the request to read
   * @return the credentials found, best first; empty when the request carries none
   */
  public List<Credential> find(CredentialCarrier request) {
    List<Credential> found = new ArrayList<>(2);
    Set<String> tokensSeen = new LinkedHashSet<>();

    String sessionToken = stringAttribute(request, config.tokenAttribute());
    String sessionId = stringAttribute(request, config.sessionIdAttribute());
    if (sessionId != null) {
      add(
          found,
          CredentialType.SESSION_ID,
          sessionId,
          "session attribute '" + config.sessionIdAttribute() + "'");
    } else if (sessionToken != null) {
      add(
          found,
          CredentialType.SESSION_TOKEN,
          sessionToken,
          "session attribute '" + config.tokenAttribute() + "'");
    }
    if (sessionToken != null) {
      // The id and the token of the server-side session name the same MoonKey session.
      tokensSeen.add(sessionToken);
    }

    Optional<String> headerName = config.tokenHeader();
    if (headerName.isPresent()) {
      request
          .header(headerName.get())
          .map(CredentialLookup::stripBearer)
          .filter(tokensSeen::add)
          .ifPresent(
              v ->
                  add(found, CredentialType.SESSION_TOKEN, v, "header '" + headerName.get() + "'"));
    }

    for (String value : request.cookieValues(config.tokenCookie())) {
      if (tokensSeen.add(value)) {
        add(found, CredentialType.SESSION_TOKEN, value, "cookie '" + config.tokenCookie() + "'");
      }
    }

    if (found.isEmpty() && config.jwtCookie().isPresent()) {
      String name = config.jwtCookie().get();
      for (String value : request.cookieValues(name)) {
        add(found, CredentialType.SESSION_JWT, value, "cookie '" + name + "'");
        if (!found.isEmpty()) {
          break;
        }
      }
    }
    return List.copyOf(found);
  }

  private static String stringAttribute(CredentialCarrier request, String name) {
    return request
        .sessionAttribute(name)
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .orElse(null);
  }

  private static String stripBearer(String header) {
    String value = header.strip();
    return value.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? value.substring(BEARER.length()).strip()
        : value;
  }

  private static void add(
      List<Credential> found, CredentialType type, String value, String source) {
    if (Credential.isAcceptable(value)) {
      found.add(new Credential(type, value, source));
    } else {
      LOG.log(
          Level.DEBUG,
          () ->
              "Ignoring "
                  + source
                  + ": not a credential that may be sent ("
                  + value.length()
                  + " characters, "
                  + type.field()
                  + "#"
                  + Credential.hashOf(value)
                  + ")");
    }
  }
}
