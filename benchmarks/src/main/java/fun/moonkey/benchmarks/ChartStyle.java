package fun.moonkey.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look the benchmark charts share: fonts that stay readable at 800 x 500, one colour and shape
 * per contender (the same contender keeps them from chart to chart), the machine as subtitle, and a
 * logarithmic value axis where the values span more than a factor of ten.
 */
final class ChartStyle {

  /** Values spanning more than this factor get a logarithmic axis. */
  static final double LOG_SPREAD = 10;

  // Okabe and Ito's palette, which colour-blind readers tell apart.
  private static final List<Paint> PAINTS =
      List.of(
          new Color(0x00, 0x72, 0xB2),
          new Color(0xE6, 0x9F, 0x00),
          new Color(0x00, 0x9E, 0x73),
          new Color(0xD5, 0x5E, 0x00),
          new Color(0xCC, 0x79, 0xA7),
          new Color(0x56, 0xB4, 0xE9));

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private ChartStyle() {}

  /** The colour of the contender at {@code index} in its chart's legend. */
  static Paint paint(int index) {
    return PAINTS.get(index % PAINTS.size());
  }

  /** The marker of the contender at {@code index}. */
  static Shape shape(int index) {
    double r = 4.5;
    return switch (index % 3) {
      case 0 -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
      case 1 -> new Rectangle2D.Double(-r, -r, 2 * r, 2 * r);
      default -> triangle(r + 1);
    };
  }

  /** The line of every series. */
  static BasicStroke stroke() {
    return new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  /**
   * A value axis for values between {@code min} and {@code max}: logarithmic (and saying so in its
   * label) when they span more than {@link #LOG_SPREAD}, else linear from zero.
   */
  static ValueAxis valueAxis(String label, double min, double max) {
    ValueAxis axis;
    if (min > 0 && max / min > LOG_SPREAD) {
      OneTwoFiveLogAxis log = new OneTwoFiveLogAxis(label + ", log scale");
      log.setRange(min / 1.5, max * 1.5);
      axis = log;
    } else {
      NumberAxis linear = new NumberAxis(label);
      linear.setAutoRangeIncludesZero(true);
      linear.setUpperMargin(0.12);
      axis = linear;
    }
    axis.setLabelFont(LABEL);
    axis.setTickLabelFont(TICK);
    return axis;
  }

  /** Fonts of an axis other than a {@link #valueAxis}. */
  static void font(Axis axis) {
    axis.setLabelFont(LABEL);
    axis.setTickLabelFont(TICK);
  }

  /** Title font, the machine as subtitle, white background, legend at the bottom. */
  static JFreeChart finish(JFreeChart chart, Machine machine) {
    chart.getTitle().setFont(TITLE);
    chart.addSubtitle(new TextTitle(machine.label(), SUBTITLE));
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(new Color(0xFA, 0xFA, 0xFA));
    LegendTitle legend = chart.getLegend();
    legend.setItemFont(LABEL);
    legend.setItemLabelPadding(new RectangleInsets(2, 3, 2, 16));
    legend.setPosition(RectangleEdge.BOTTOM);
    return chart;
  }

  private static Shape triangle(double r) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(0, -r);
    path.lineTo(r, r);
    path.lineTo(-r, r);
    path.closePath();
    return path;
  }
}
