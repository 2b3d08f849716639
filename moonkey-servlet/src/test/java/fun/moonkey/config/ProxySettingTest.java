package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.testing.JvmProxyProperties;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code proxy} setting: what it accepts, what it refuses and why, what it stands for. */
class ProxySettingTest {

  private static final String SECRET = "sk_test_0123456789abcdef";
  private static final URI MOONKEY = URI.create("https://api.moonkey.fun");

  private static MoonKeyConfig parse(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent(ConfigKeys.SECRET_KEY, SECRET);
    return MoonKeyConfig.from(ConfigSource.of(all));
  }

  private static ProxySetting proxy(String value) {
    return parse(Map.of(ConfigKeys.PROXY, value)).proxy();
  }

  private static String error(String value) {
    return assertThrows(ConfigException.class, () -> proxy(value)).getMessage();
  }

  private static List<Proxy> select(ProxySetting setting, URI target) {
    return setting.selector().select(target);
  }

  @Test
  void unsetMeansTheJvmsSettingsThroughItsDefaultSelector() {
    ProxySetting setting = parse(Map.of()).proxy();
    assertEquals(new ProxySetting.Jvm(), setting);
    assertSame(ProxySelector.getDefault(), setting.selector());
  }

  @Test
  void noneIsDirectForEveryTarget() {
    ProxySetting setting = proxy("none");
    assertEquals(new ProxySetting.Direct(), setting);
    assertEquals(List.of(Proxy.NO_PROXY), select(setting, MOONKEY));
    assertEquals("none", setting.effective(MOONKEY));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://proxy.corp.example:3128|proxy.corp.example|3128",
        "HTTP://Proxy.Corp.Example:8080/|proxy.corp.example|8080",
        "' http://10.0.0.7:3128 '|10.0.0.7|3128",
        "http://[fd00::7]:3128|[fd00::7]|3128",
      })
  void anHttpProxyUrlNamesHostAndPort(String value, String host, int port) {
    ProxySetting setting = proxy(value);
    assertEquals(new ProxySetting.Http(host, port), setting);
    assertEquals("http://" + host + ":" + port, setting.effective(MOONKEY));
    InetSocketAddress address = (InetSocketAddress) select(setting, MOONKEY).get(0).address();
    // Resolved when a connection opens, not at start-up.
    assertTrue(address.isUnresolved());
    assertEquals(host.replace("[", "").replace("]", ""), address.getHostString());
    assertEquals(port, address.getPort());
    assertEquals(Proxy.Type.HTTP, select(setting, MOONKEY).get(0).type());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "socks://x",
        "socks5://proxy:1080",
        "https://proxy:3128",
        "http://proxy",
        "http://proxy:0",
        "http://proxy:65536",
        "http://proxy:3128/path",
        "http://proxy:3128?x=1",
        "http://proxy:3128#f",
        "proxy:3128",
        "proxy.corp.example",
        "direct",
        "NONE",
        "",
        "http://",
        "http://pro xy:3128",
      })
  void anythingElseIsRefusedNamingKeyAndValue(String value) {
    assertEquals(
        "moonkey.proxy: expected none or http://host:port, got '"
            + value
            + "' (from setting 'proxy')",
        error(value));
  }

  @Test
  void credentialsAreRefusedWithoutEchoingThem() {
    String message = error("http://alice:s3cr3t@proxy.corp.example:3128");
    assertEquals(
        "moonkey.proxy: proxy authentication is not supported; expected none or http://host:port"
            + " without a user or password, got 'http://****@proxy.corp.example:3128' (from"
            + " setting 'proxy')",
        message);
    assertFalse(message.contains("alice"));
    assertFalse(message.contains("s3cr3t"));
  }

  @Test
  void aPasswordWithAnAtSignIsNotEchoedEither() {
    String message = error("http://alice:p@ss@proxy:3128");
    assertTrue(message.contains("got 'http://****@proxy:3128'"), message);
    assertFalse(message.contains("p@ss"), message);
  }

  @Test
  void theStartUpLineShowsTheEffectiveProxy() {
    assertTrue(
        parse(Map.of(ConfigKeys.PROXY, "http://proxy.corp.example:3128"))
            .toString()
            .contains(", proxy=http://proxy.corp.example:3128, "));
    assertTrue(parse(Map.of(ConfigKeys.PROXY, "none")).toString().contains(", proxy=none, "));
  }

  @Test
  void unsetShowsWhatTheJvmsSettingsChooseForTheApiUrl() {
    MoonKeyConfig config = parse(Map.of());
    String shown = JvmProxyProperties.during("https", 3128, config::toString);
    assertTrue(shown.contains(", proxy=(JVM settings: http://127.0.0.1:3128), "), shown);
    // The JVM's https proxy is not the http one: an http API URL goes direct.
    MoonKeyConfig loopback = parse(Map.of(ConfigKeys.API_URL, "http://127.0.0.1:8090"));
    String direct = JvmProxyProperties.during("https", 3128, loopback::toString);
    assertTrue(direct.contains(", proxy=(JVM settings: direct), "), direct);
  }

  @Test
  void configurationsThatDifferOnlyByProxyAreNotEqual() {
    // Equal configurations share one MoonKey client: a different proxy needs a client of its own.
    assertNotEquals(parse(Map.of()), parse(Map.of(ConfigKeys.PROXY, "none")));
    assertNotEquals(
        parse(Map.of(ConfigKeys.PROXY, "http://a:1")),
        parse(Map.of(ConfigKeys.PROXY, "http://a:2")));
    assertEquals(
        parse(Map.of(ConfigKeys.PROXY, "http://a:1")),
        parse(Map.of(ConfigKeys.PROXY, "http://A:1/")));
  }
}
