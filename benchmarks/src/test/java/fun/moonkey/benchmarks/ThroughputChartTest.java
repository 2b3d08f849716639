package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

class ThroughputChartTest {

  static final Machine MACHINE = new Machine(2, "OpenJDK 17.0.15", LocalDate.of(2026, 12, 4));
  static final Latencies ANY = new Latencies(1, 2, 3, 4);

  private final ThroughputChart chart =
      new ThroughputChart("Throughput", "wrk connections C", "logouts per second");

  @Test
  void datasetHasOneSeriesPerContenderInTheOrderOfTheRunWithConcurrencyAgainstThroughput() {
    XYSeriesCollection dataset =
        ThroughputChart.dataset(
            List.of(
                new Measurement("ours", 200, 574, ANY),
                new Measurement("naive", 200, 273, ANY),
                new Measurement("ours", 50, 410, ANY),
                new Measurement("naive", 50, 300, ANY)));

    assertEquals(2, dataset.getSeriesCount());
    assertEquals("ours", dataset.getSeriesKey(0));
    assertEquals("naive", dataset.getSeriesKey(1));
    assertEquals(2, dataset.getItemCount(0));
    // Sorted by concurrency, whatever the order of the run.
    assertEquals(50.0, dataset.getXValue(0, 0));
    assertEquals(410.0, dataset.getYValue(0, 0));
    assertEquals(200.0, dataset.getXValue(0, 1));
    assertEquals(574.0, dataset.getYValue(0, 1));
    assertEquals(273.0, dataset.getYValue(1, 1));
  }

  @Test
  void chartNamesEachContenderInItsLegendAndTheMachineAndDateInItsSubtitle() {
    JFreeChart drawn =
        chart.draw(
            List.of(
                new Measurement("ours", 200, 574, ANY), new Measurement("naive", 200, 273, ANY)),
            MACHINE);

    LegendItemCollection legend = drawn.getPlot().getLegendItems();
    assertEquals(2, legend.getItemCount());
    assertEquals("ours", legend.get(0).getLabel());
    assertEquals("naive", legend.get(1).getLabel());
    assertEquals("Throughput", drawn.getTitle().getText());
    assertEquals(
        "One run on 2 cores, OpenJDK 17.0.15, 2026-12-04",
        ((TextTitle) drawn.getSubtitle(1)).getText());
    XYPlot plot = drawn.getXYPlot();
    assertEquals("wrk connections C", plot.getDomainAxis().getLabel());
    assertEquals("logouts per second", plot.getRangeAxis().getLabel());
  }

  @Test
  void throughputsSpanningMoreThanTenfoldGetALogarithmicAxisThatSaysSo() {
    List<Measurement> measurements = new ArrayList<>();
    measurements.add(new Measurement("ours", 1000, 333, ANY));
    measurements.add(new Measurement("limit", 1000, 5191, ANY));

    XYPlot plot = chart.draw(measurements, MACHINE).getXYPlot();

    assertInstanceOf(OneTwoFiveLogAxis.class, plot.getRangeAxis());
    assertEquals("logouts per second, log scale", plot.getRangeAxis().getLabel());
  }

  @Test
  void throughputsWithinTenfoldGetALinearAxisFromZero() {
    XYPlot plot =
        chart
            .draw(
                List.of(
                    new Measurement("ours", 16, 338, ANY), new Measurement("spring", 16, 505, ANY)),
                MACHINE)
            .getXYPlot();

    NumberAxis axis = assertInstanceOf(NumberAxis.class, plot.getRangeAxis());
    assertEquals(0.0, axis.getLowerBound());
  }

  @Test
  void drawingNothingIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> chart.draw(List.of(), MACHINE));
    assertEquals("Throughput: nothing to draw", e.getMessage());
  }
}
