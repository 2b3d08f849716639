package fun.moonkey.config;

import fun.moonkey.security.NetworkRange;
import fun.moonkey.security.WebOrigin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The security part of the configuration: cross-origin callers, trusted proxies, request-chosen
 * redirect targets and {@code Clear-Site-Data}. Immutable; part of {@link MoonKeyConfig}.
 *
 * @param allowedOrigins {@link ConfigKeys#ALLOWED_ORIGINS}
 * @param allowSameSite {@link ConfigKeys#ALLOW_SAME_SITE}
 * @param trustedProxies {@link ConfigKeys#TRUSTED_PROXIES}
 * @param returnToParameter {@link ConfigKeys#RETURN_TO_PARAMETER}, or null for off
 * @param returnToOrigins {@link ConfigKeys#RETURN_TO_ORIGINS}
 * @param clearSiteData {@link ConfigKeys#CLEAR_SITE_DATA}, empty for off
 */
public record SecuritySettings(
    Set<WebOrigin> allowedOrigins,
    boolean allowSameSite,
    List<NetworkRange> trustedProxies,
    String returnToParameter,
    Set<WebOrigin> returnToOrigins,
    List<String> clearSiteData) {

  /** The defaults: no cross-origin callers, no proxies, no request-chosen targets, no header. */
  public static final SecuritySettings DEFAULTS = of(Settings.read(key -> Optional.empty()));

  /** The security settings among {@code values}, by key. */
  @SuppressWarnings("unchecked")
  static SecuritySettings of(Map<String, Object> v) {
    return new SecuritySettings(
        (Set<WebOrigin>) v.get(ConfigKeys.ALLOWED_ORIGINS),
        (Boolean) v.get(ConfigKeys.ALLOW_SAME_SITE),
        (List<NetworkRange>) v.get(ConfigKeys.TRUSTED_PROXIES),
        (String) v.get(ConfigKeys.RETURN_TO_PARAMETER),
        (Set<WebOrigin>) v.get(ConfigKeys.RETURN_TO_ORIGINS),
        (List<String>) v.get(ConfigKeys.CLEAR_SITE_DATA));
  }

  /** Copies the collections. */
  public SecuritySettings {
    allowedOrigins = Set.copyOf(allowedOrigins);
    trustedProxies = List.copyOf(trustedProxies);
    returnToOrigins = Set.copyOf(returnToOrigins);
    clearSiteData = List.copyOf(clearSiteData);
  }

  /**
   * @return the parameter that may choose the redirect target, empty when that is off
   */
  public Optional<String> returnTo() {
    return Optional.ofNullable(returnToParameter);
  }
}
