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
  void aCredentialNamedThreeTimesIsHashedOnce() {
    long bytes =
        Allocations.perCall(
            50_000,
            () -> {
              Credential credential =
                  new Credential(CredentialType.SESSION_TOKEN, "tok-alloc", "cookie 'x'");
              credential.hash();
              credential.hash();
              return credential.hash();
            });
    System.out.println("credential named three times: " + bytes + " bytes");
    // One digest is about 400 bytes: three of them exceed the bound.
    assertTrue(bytes < 800, bytes + " bytes per credential");
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
