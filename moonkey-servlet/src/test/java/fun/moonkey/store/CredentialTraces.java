package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** Greps a file's bytes for a credential: in clear, in base64url and in base64, padded or not. */
final class CredentialTraces {

  private CredentialTraces() {}

  /** The forms a credential could be written in that a reader of the file decodes at once. */
  static List<String> forms(String credential) {
    byte[] bytes = credential.getBytes(StandardCharsets.UTF_8);
    return List.of(
        credential,
        Base64.getUrlEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        Base64.getEncoder().encodeToString(bytes),
        Base64.getEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Fails when a log line holds any of {@link #forms} of {@code credential}. */
  static void assertNoneInLog(List<String> lines, String credential) {
    assertFalse(lines.isEmpty(), "no log line was captured: the check would prove nothing");
    for (String line : lines) {
      for (String form : forms(credential)) {
        assertFalse(line.contains(form), "the log holds the credential as " + form + ": " + line);
      }
    }
  }

  /** Fails when {@code file} holds any of {@link #forms} of {@code credential}. */
  static void assertNoneIn(Path file, String credential) throws IOException {
    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    for (String form : forms(credential)) {
      assertFalse(content.contains(form), file + " holds the credential as " + form);
    }
  }
}
