package fun.moonkey.emulator;

import java.util.Objects;

/**
 * The arguments of {@link MoonKeyEmulator#main(String[])}: {@code --port N} (default 8090), {@code
 * --secret-key K} (default {@value MoonKeyEmulator#DEFAULT_SECRET_KEY}), {@code --https} and {@code
 * --help}; {@code --name=value} works too.
 *
 * @param port the port to bind, 0 to 65535
 * @param secretKey the secret key the API expects
 * @param https whether to serve https with a self-signed certificate
 * @param help whether only the usage was asked for
 */
record CommandLine(int port, String secretKey, boolean https, boolean help) {

  /** The default port of the standalone emulator. */
  static final int DEFAULT_PORT = 8090;

  static final String USAGE =
      "Usage: java -jar moonkey-emulator-<version>-standalone.jar [--port N] [--key KEY] [--https]\n"
          + "  --port N          port on 127.0.0.1 (default "
          + DEFAULT_PORT
          + ", 0 for any free port)\n"
          + "  --key KEY         secret key the API expects (default "
          + MoonKeyEmulator.DEFAULT_SECRET_KEY
          + ")\n"
          + "  --https           serve https with a self-signed certificate";

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the argument and what was expected
   */
  static CommandLine parse(String... args) {
    Objects.requireNonNull(args, "args");
    int port = DEFAULT_PORT;
    String secretKey = MoonKeyEmulator.DEFAULT_SECRET_KEY;
    boolean https = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      switch (name) {
        case "--port" -> {
          String value = equals < 0 ? valueAfter(args, i++) : arg.substring(equals + 1);
          port = parsePort(value);
        }
        case "--secret-key", "--key" -> {
          secretKey = equals < 0 ? valueAfter(args, i++) : arg.substring(equals + 1);
          if (secretKey.isBlank()) {
            throw new IllegalArgumentException("--secret-key: expected a non-blank key");
          }
        }
        case "--https" -> https = true;
        case "--help", "-h" -> {
          return new CommandLine(port, secretKey, https, true);
        }
        default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'");
      }
    }
    return new CommandLine(port, secretKey, https, false);
  }

  private static String valueAfter(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + ": expected a value after it");
    }
    return args[i + 1];
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the bad value
    }
    throw new IllegalArgumentException(
        "--port: expected a number from 0 to 65535, got '" + value + "'");
  }
}
