package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of settings: complete, and its defaults what the start-up line shows. */
class SettingsTest {

  private static final String SECRET = "sk_test_0123456789abcdef";

  @Test
  void everyKeyConstantHasOneSettingInTheOrderOfAll() throws Exception {
    Set<String> notKeys =
        Set.of("PREFIX", "ENV_PREFIX", "PROXY_NONE", "PENDING_STORE_MEMORY", "PENDING_STORE_JDBC");
    List<String> constants = new ArrayList<>();
    for (Field field : ConfigKeys.class.getFields()) {
      if (field.getType() == String.class
          && Modifier.isStatic(field.getModifiers())
          && !notKeys.contains(field.getName())) {
        constants.add((String) field.get(null));
      }
    }
    assertEquals(constants.stream().sorted().toList(), ConfigKeys.ALL.stream().sorted().toList());
    assertEquals(ConfigKeys.ALL, Settings.ALL.stream().map(Setting::key).toList());
    assertEquals(ConfigKeys.ALL.size(), Set.copyOf(ConfigKeys.ALL).size(), "a key defined twice");
  }

  @Test
  void aDefaultIsWhatTheStartUpLineShowsForAnUnsetKey() {
    Map<String, Object> defaults = Settings.read(key -> Optional.empty());
    for (Setting<?> setting : Settings.ALL) {
      assertEquals(setting.dflt(), setting.show(defaults.get(setting.key())), setting.key());
      assertFalse(setting.doc().isBlank(), setting.key() + " has no doc");
    }
    String shown = MoonKeyConfig.builder().secretKey(SECRET).build().toString();
    assertTrue(shown.contains(", timeout=5s, "), shown);
    assertTrue(shown.contains(", pending-capacity=10000, "), shown);
  }

  @Test
  void onlyTheSecretKeysAreSecretAndTheyAreNeverShown() {
    assertEquals(
        List.of(ConfigKeys.SECRET_KEY, ConfigKeys.PREVIOUS_SECRET_KEY),
        Settings.ALL.stream().filter(Setting::secret).map(Setting::key).toList());
    Setting<?> previous = Settings.of(ConfigKeys.PREVIOUS_SECRET_KEY);
    assertEquals("sk_live_****", previous.show("sk_live_do_not_show"));
  }

  @Test
  void theBuildersTypedSettersWriteWhatTheTableReads() {
    MoonKeyConfig typed =
        MoonKeyConfig.builder().secretKey(SECRET).timeout(Duration.ofSeconds(90)).build();
    MoonKeyConfig raw =
        MoonKeyConfig.builder().secretKey(SECRET).set(ConfigKeys.TIMEOUT, "90s").build();
    assertEquals(raw, typed);
    assertEquals(Duration.ofSeconds(90), typed.timeout());
  }
}
