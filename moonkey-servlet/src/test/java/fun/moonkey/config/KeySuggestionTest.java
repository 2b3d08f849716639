package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySuggestionTest {

  @Test
  void aTypoInAnInitParamSuggestsTheKey() {
    assertEquals(
        Optional.of("logout-path"), KeySuggestion.forEntry("filter init-param 'logout-pth'"));
  }

  @Test
  void aContextParamIsComparedWithoutItsPrefix() {
    assertEquals(
        Optional.of("secret-key"), KeySuggestion.forEntry("context-param 'moonkey.secret_key'"));
  }

  @Test
  void aNameFarFromEveryKeySuggestsNothing() {
    assertEquals(Optional.empty(), KeySuggestion.forEntry("setting 'redirect-to'"));
    assertEquals(Optional.empty(), KeySuggestion.nearest("frobnicate"));
  }

  @Test
  void aShortNameAllowsOneEditOnly() {
    assertEquals(Optional.empty(), KeySuggestion.nearest("tmo"));
  }
}
