package fun.moonkey.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClearSiteDataTest {

  @Test
  void sentOnlyOnSecureRequestsAndOnlyWhenConfigured() {
    ClearSiteData on = new ClearSiteData(List.of("cookies", "storage"));
    assertEquals(Optional.of("\"cookies\", \"storage\""), on.header(true));
    assertEquals(Optional.empty(), on.header(false));
    assertEquals(Optional.empty(), new ClearSiteData(List.of()).header(true));
  }

  @Test
  void refusesUnknownDirectives() {
    assertEquals(
        "not a Clear-Site-Data directive: cookie",
        assertThrows(IllegalArgumentException.class, () -> new ClearSiteData(List.of("cookie")))
            .getMessage());
  }
}
