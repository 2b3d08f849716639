package fun.moonkey.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver, at fixed paths so that Selenium Manager
 * downloads nothing, with the flags a closed network needs. Shared by every browser test.
 */
public final class HeadlessChromium {

  /** Debian's Chromium. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  /** Debian's chromedriver. */
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Selenium looks for a DevTools binding matching the browser at every start and warns when
   * Debian's Chromium is newer than the ones it ships; raw CDP commands need none. Held strongly so
   * that JUL keeps the level.
   */
  private static final Logger CDP_VERSION_FINDER =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
  }

  private HeadlessChromium() {}

  /**
   * Fails when Chromium or chromedriver is missing and {@code CI=true} (where {@code .ci/run}
   * installs them); otherwise skips the calling test with the reason printed.
   *
   * @param test the calling test, for the printed line
   */
  public static void requireOrSkip(String test) {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(BINARY, DRIVER)) {
      if (!Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        test
            + " needs "
            + String.join(" and ", missing)
            + ": apt-get install -y --no-install-recommends chromium chromium-driver (.ci/run"
            + " does it)";
    if ("true".equals(System.getenv("CI"))) {
      fail(reason);
    }
    System.out.println("SKIPPED " + reason);
    Assumptions.abort(reason);
  }

  /**
   * Starts a browser with a fresh profile; {@code quit()} on it also stops its chromedriver.
   *
   * @param workDir where the profile and {@code chromedriver.log} go
   * @param extraArguments further Chromium flags, such as {@code --window-size=1200,800}
   * @return the driver
   */
  public static ChromeDriver start(Path workDir, String... extraArguments) throws IOException {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(workDir.resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    // Without the background-networking flags Chromium keeps calling hosts a closed network
    // refuses; a fresh profile per run keeps runs independent.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(workDir.resolve("user-data")));
    options.addArguments(extraArguments);
    return new ChromeDriver(service, options);
  }
}
