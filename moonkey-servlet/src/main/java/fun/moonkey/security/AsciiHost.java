package fun.moonkey.security;

import java.net.IDN;

/**
 * A host name's ASCII form, as {@code IDN.toASCII} with {@code ALLOW_UNASSIGNED} gives it, without
 * calling IDN for a name that is ASCII already (nearly every {@code Host} and {@code Origin}): IDN
 * copies each label through several buffers, about 450 bytes a call, to return such a name
 * unchanged. Stateless.
 */
final class AsciiHost {

  /** The longest label IDN accepts (RFC 1034). */
  static final int MAX_LABEL = 63;

  private AsciiHost() {}

  /**
   * @param raw a host name, any case
   * @return its ASCII form (case kept), or null where IDN refuses it
   */
  static String toAscii(String raw) {
    if (!isAscii(raw)) {
      try {
        return IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return labelsFit(raw) ? raw : null;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * IDN's checks of an ASCII name, which it returns unchanged when they pass: {@code "."} alone is
   * the root; otherwise every label between dots is 1 to 63 characters, and only a last dot may end
   * the name.
   */
  private static boolean labelsFit(String s) {
    if (s.equals(".")) {
      return true;
    }
    int start = 0;
    while (start < s.length()) {
      int dot = s.indexOf('.', start);
      int end = dot < 0 ? s.length() : dot;
      int length = end - start;
      if (length == 0 || length > MAX_LABEL) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }
}
