package fun.moonkey.config;

/**
 * One raw configuration value and where it came from.
 *
 * @param key the short key, such as {@code timeout}
 * @param raw the value as found, never null
 * @param origin where it was found, for messages: {@code filter init-param 'timeout'}
 * @param inDeploymentDescriptor true when the value sits in {@code web.xml} (init- or
 *     context-param), where a secret does not belong
 */
public record ConfigValue(String key, String raw, String origin, boolean inDeploymentDescriptor) {

  @Override
  public String toString() {
    return "ConfigValue[" + key + " from " + origin + "]";
  }
}
