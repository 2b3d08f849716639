package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

class OneTwoFiveLogAxisTest {

  @Test
  void ticksAreOneTwoAndFiveTimesThePowersOfTenWithinTheRange() {
    assertEquals(
        List.of(100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0),
        OneTwoFiveLogAxis.tickValues(67, 7800));
    assertEquals(List.of(0.2, 0.5, 1.0), OneTwoFiveLogAxis.tickValues(0.15, 1));
  }

  @Test
  void verticalTicksAreLabelledInPlainNumbers() {
    OneTwoFiveLogAxis axis = new OneTwoFiveLogAxis("latency (ms)");
    axis.setRange(150, 2500);
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);

    @SuppressWarnings("unchecked")
    List<ValueTick> ticks =
        axis.refreshTicks(
            image.createGraphics(),
            new org.jfree.chart.axis.AxisState(),
            new Rectangle2D.Double(0, 0, 400, 300),
            RectangleEdge.LEFT);

    assertEquals(
        List.of("200", "500", "1,000", "2,000"), ticks.stream().map(ValueTick::getText).toList());
  }
}
