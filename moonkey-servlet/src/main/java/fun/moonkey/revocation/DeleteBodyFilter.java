package fun.moonkey.revocation;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.MediaType;

/**
 * Puts the JSON body on MoonKey's {@code DELETE} request after Jersey's HTTP-compliance check.
 *
 * <p>Why: MoonKey's delete endpoint takes its credential in a DELETE body. Jersey refuses an entity
 * on DELETE when the invocation is built, or, with {@code SUPPRESS_HTTP_COMPLIANCE_VALIDATION},
 * logs a WARNING on every call ("Entity must be null for http method DELETE"): one per logout in
 * the application's log. A filter runs after that check, so the body set here goes out without
 * either.
 */
final class DeleteBodyFilter implements ClientRequestFilter {

  /** The request property holding the JSON body to send. */
  static final String BODY = "fun.moonkey.revocation.body";

  @Override
  public void filter(ClientRequestContext request) {
    Object body = request.getProperty(BODY);
    if (body instanceof String json) {
      request.setEntity(json, null, MediaType.APPLICATION_JSON_TYPE);
    }
  }
}
