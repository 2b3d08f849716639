package fun.moonkey.config;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Which MoonKey sessions of the user a logout ends. */
public enum Scope {
  /** This request's own session (the default, always allowed). */
  SESSION,
  /**
   * Every session of the user, this one included ({@code scope=all}, when {@code scopes} lists it).
   */
  ALL,
  /**
   * Every session of the user but this one ({@code scope=others}, when {@code scopes} lists it).
   */
  OTHERS;

  /** The word a request and the {@code scopes} setting use: {@code all} or {@code others}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param word {@code all} or {@code others}, as a request or the {@code scopes} setting says it
   * @return the scope; empty for anything else ({@code session} included: it needs no asking)
   */
  public static Optional<Scope> of(String word) {
    return Stream.of(ALL, OTHERS).filter(scope -> scope.word().equals(word)).findFirst();
  }
}
