package fun.moonkey.testing;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.SessionRevoker;
import java.net.URI;

/**
 * Revokes one session with the library as packaged, for {@code BundledClientIT}'s JVM of its own:
 * prints the outcome, then the names of the library's threads still alive after {@code close()}.
 */
public final class BundledClientMain {

  private BundledClientMain() {}

  /**
   * @param args the API URL, the secret key, a session id
   */
  public static void main(String[] args) {
    MoonKeyConfig config =
        MoonKeyConfig.builder().apiUrl(URI.create(args[0])).secretKey(args[1]).build();
    try (SessionRevoker revoker = new SessionRevoker(config)) {
      System.out.println(
          revoker.revokeAndWait(new Credential(CredentialType.SESSION_ID, args[2], "main")));
    }
    System.out.println(MoonKeyThreads.names());
  }
}
