package fun.moonkey.sample;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionResourceTest {

  @Test
  void opaqueTokensOfAnyShapeArePlausible() {
    assertTrue(SessionResource.isPlausibleToken("mk_sess_0YTSDvq0Ru3mim5c-fkZ"));
    assertTrue(SessionResource.isPlausibleToken("x"));
    assertTrue(SessionResource.isPlausibleToken("a".repeat(SessionResource.MAX_TOKEN_LENGTH)));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"with space", "semi;colon", "com,ma", "quo\"te", "new\nline", "tab\t", "é"})
  void tokensThatCannotBeACookieValueAreRefused(String token) {
    assertFalse(SessionResource.isPlausibleToken(token));
  }

  @Test
  void tokensLongerThanTheCapAreRefused() {
    assertFalse(SessionResource.isPlausibleToken("a".repeat(SessionResource.MAX_TOKEN_LENGTH + 1)));
  }
}
