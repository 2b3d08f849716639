package fun.moonkey.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.testing.Allocations;
import org.junit.jupiter.api.Test;

/**
 * A logout names its credential several times (the listeners' event, the revoker's DEBUG line, the
 * logout's INFO line): the SHA-256 behind the name is computed once per credential.
 */
class CredentialHashAllocationTest {

  @Test
  void aCredentialNamedThreeTimesCostsNoMoreThanNamedOnce() {
    long once = Allocations.perCall(50_000, () -> named(1));
    long thrice = Allocations.perCall(50_000, () -> named(3));
    System.out.println("credential named once: " + once + " bytes, three times: " + thrice);
    // Each SHA-256 allocates about 400 bytes: two more of them exceed the margin.
    assertTrue(thrice < once + 250, thrice + " bytes named three times, " + once + " once");
  }

  private static String named(int times) {
    Credential credential = new Credential(CredentialType.SESSION_TOKEN, "tok-alloc", "cookie 'x'");
    String name = null;
    for (int i = 0; i < times; i++) {
      name = credential.hash();
    }
    return name;
  }

  @Test
  void hashIsStableAndToStringShowsNoValue() {
    Credential credential =
        new Credential(CredentialType.SESSION_TOKEN, "tok-secret", "cookie 'x'");
    String hash = credential.hash();
    assertEquals("session_token#" + Credential.hashOf("tok-secret"), hash);
    assertEquals(hash, credential.hash());
    assertEquals("Credential[" + hash + " from cookie 'x']", credential.toString());
    assertTrue(!credential.toString().contains("tok-secret"));
  }
}
