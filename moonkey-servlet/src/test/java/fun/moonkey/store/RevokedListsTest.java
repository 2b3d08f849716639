package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One revoked list per MoonKey project of an application, whatever else the services say. */
class RevokedListsTest {

  private final List<RevokedSessions> started = new ArrayList<>();
  private final RevokedLists lists =
      new RevokedLists(
          config -> {
            RevokedSessions list =
                new RevokedSessions(
                    null, Duration.ofSeconds(1), config.revokedRetention(), Clock.systemUTC());
            started.add(list);
            return list;
          });

  private static MoonKeyConfig.Builder config(String secretKey) {
    return MoonKeyConfig.builder().secretKey(secretKey).apiUrl(URI.create("http://127.0.0.1:9"));
  }

  private static MoonKeyConfig enforcing(String secretKey) {
    return config(secretKey).set("enforce-revocations", "true").build();
  }

  private static List<Credential> token(String value) {
    return List.of(new Credential(CredentialType.SESSION_TOKEN, value, "test"));
  }

  @Test
  void servicesConfiguredApartShareTheirProjectsListAndOneThatDoesNotEnforceRecordsIntoIt() {
    RevokedLists.Member filter = lists.join(enforcing("sk_test_one"));
    RevokedLists.Member other = lists.join(config("sk_test_one").redirect("/bye").build());
    RevokedLists.Member alike =
        lists.join(config("sk_test_one").set("enforce-revocations", "true").redirect("/x").build());

    other.record(token("tok_resource"));

    RevokedSessions list = filter.enforced().orElseThrow();
    assertEquals(1, started.size(), "one list for the project");
    assertSame(list, alike.enforced().orElseThrow());
    assertTrue(other.enforced().isEmpty(), "a service that does not enforce has none to check");
    assertTrue(list.isRevoked(RevokedSessions.fingerprint("tok_resource")));
  }

  @Test
  void anotherProjectHasItsOwnListAndTheLastEnforcingMemberClosesIt() {
    RevokedLists.Member one = lists.join(enforcing("sk_test_one"));
    RevokedLists.Member two = lists.join(enforcing("sk_test_two"));
    one.record(token("tok_one"));
    assertFalse(
        two.enforced().orElseThrow().isRevoked(RevokedSessions.fingerprint("tok_one")),
        "another MoonKey project");

    RevokedLists.Member later = lists.join(enforcing("sk_test_one"));
    one.close();
    one.close();
    assertSame(started.get(0), later.enforced().orElseThrow(), "still running for a member");
    later.close();
    assertTrue(later.enforced().isEmpty());
    RevokedLists.Member restarted = lists.join(enforcing("sk_test_one"));
    assertFalse(
        restarted.enforced().orElseThrow().isRevoked(RevokedSessions.fingerprint("tok_one")),
        "a new list after the last member left");
    assertEquals(3, started.size());
  }
}
