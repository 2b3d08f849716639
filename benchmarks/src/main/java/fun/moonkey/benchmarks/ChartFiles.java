package fun.moonkey.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Where the charts of a run go: PNG files of {@value #WIDTH} x {@value #HEIGHT} pixels in one
 * directory, embedded in the Markdown report with links relative to the report's directory, so that
 * the report and its charts move together.
 *
 * @param reportDirectory the directory of the Markdown report
 * @param directory the directory of the PNG files
 */
record ChartFiles(Path reportDirectory, Path directory) {

  static final int WIDTH = 800;
  static final int HEIGHT = 500;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** Makes both paths absolute. */
  ChartFiles {
    reportDirectory = reportDirectory.toAbsolutePath().normalize();
    directory = directory.toAbsolutePath().normalize();
  }

  /**
   * The charts of {@code report} in {@code relative} (e.g. {@code docs/benchmarks}), resolved
   * against the report's directory.
   */
  static ChartFiles beside(Path report, String relative) {
    Path reportDirectory = report.toAbsolutePath().normalize().getParent();
    return new ChartFiles(reportDirectory, reportDirectory.resolve(relative));
  }

  /**
   * Writes {@code chart} as {@code name.png} (the file replaced if it exists) and returns the
   * Markdown that embeds it, an image line followed by a blank line.
   *
   * @param name lower-case letters, digits and dashes
   * @param description the image's alternative text
   */
  String write(JFreeChart chart, String name, String description) throws IOException {
    Objects.requireNonNull(chart, "chart");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "chart name: expected lower-case letters, digits and dashes, got '" + name + "'");
    }
    Files.createDirectories(directory);
    Path file = directory.resolve(name + ".png");
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    String link = reportDirectory.relativize(file).toString().replace('\\', '/');
    String alt = description.replace("[", "\\[").replace("]", "\\]");
    return "![" + alt + "](" + link + ")\n\n";
  }
}
