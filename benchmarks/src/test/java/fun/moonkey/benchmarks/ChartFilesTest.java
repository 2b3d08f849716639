package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartFilesTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir Path dir;

  private JFreeChart chart() {
    return new ThroughputChart("Throughput", "wrk connections C", "logouts per second")
        .draw(
            List.of(
                new Measurement("ours", 50, 410, ThroughputChartTest.ANY),
                new Measurement("ours", 200, 574, ThroughputChartTest.ANY),
                new Measurement("naive", 50, 300, ThroughputChartTest.ANY),
                new Measurement("naive", 200, 273, ThroughputChartTest.ANY)),
            ThroughputChartTest.MACHINE);
  }

  @Test
  void writesAPngOf800By500BesideTheReportAndReturnsARelativeImageLink() throws Exception {
    ChartFiles files = ChartFiles.beside(dir.resolve("BENCHMARKS.md"), "docs/benchmarks");

    String markdown = files.write(chart(), "wrk-throughput", "Logouts per second [per C]");

    assertEquals(
        "![Logouts per second \\[per C\\]](docs/benchmarks/wrk-throughput.png)\n\n", markdown);
    Path png = dir.resolve("docs/benchmarks/wrk-throughput.png");
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(800, image.getWidth());
    assertEquals(500, image.getHeight());
    assertTrue(contains(image, (Color) ChartStyle.paint(0)), "the first contender's colour");
    assertTrue(contains(image, (Color) ChartStyle.paint(1)), "the second contender's colour");
  }

  @Test
  void replacesAChartOfTheSameName() throws Exception {
    ChartFiles files = ChartFiles.beside(dir.resolve("BENCHMARKS.md"), "charts");
    Path png = dir.resolve("charts/wrk-latency.png");
    Files.createDirectories(png.getParent());
    Files.writeString(png, "an older run");

    files.write(chart(), "wrk-latency", "Latency");

    assertEquals(500, ImageIO.read(png.toFile()).getHeight());
  }

  @Test
  void rejectsANameThatIsNotLowerCaseLettersDigitsAndDashes() {
    ChartFiles files = ChartFiles.beside(dir.resolve("BENCHMARKS.md"), "charts");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> files.write(chart(), "../x", "x"));

    assertEquals(
        "chart name: expected lower-case letters, digits and dashes, got '../x'", e.getMessage());
  }

  private static boolean contains(BufferedImage image, Color colour) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
          return true;
        }
      }
    }
    return false;
  }
}
