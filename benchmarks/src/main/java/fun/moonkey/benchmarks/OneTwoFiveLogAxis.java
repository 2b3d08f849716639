package fun.moonkey.benchmarks;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A vertical logarithmic axis labelled at 1, 2 and 5 times the powers of ten, in plain numbers
 * ({@code 100, 200, 500, 1,000}): JFreeChart's own log axes label only whole decades, which leaves
 * a chart spanning one or two decades with one or two labels.
 */
final class OneTwoFiveLogAxis extends LogAxis {

  private static final long serialVersionUID = 1L;
  private static final double[] STEPS = {1, 2, 5};

  OneTwoFiveLogAxis(String label) {
    super(label);
  }

  /** The 1-2-5 values from {@code lower} to {@code upper}, both positive, in rising order. */
  static List<Double> tickValues(double lower, double upper) {
    List<Double> values = new ArrayList<>();
    for (int exponent = (int) Math.floor(Math.log10(lower));
        exponent <= (int) Math.ceil(Math.log10(upper));
        exponent++) {
      for (double step : STEPS) {
        double value = step * Math.pow(10, exponent);
        if (value >= lower && value <= upper) {
          values.add(value);
        }
      }
    }
    return values;
  }

  @Override
  protected List<ValueTick> refreshTicksVertical(
      Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    NumberFormat format = NumberFormat.getNumberInstance(Locale.ROOT);
    format.setGroupingUsed(true);
    format.setMaximumFractionDigits(3);
    TextAnchor anchor =
        edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
    List<ValueTick> ticks = new ArrayList<>();
    for (double value : tickValues(getLowerBound(), getUpperBound())) {
      ticks.add(new NumberTick(TickType.MAJOR, value, format.format(value), anchor, anchor, 0));
    }
    return ticks;
  }
}
