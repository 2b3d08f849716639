package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;

class LatencyChartTest {

  private static final List<Measurement> RUN =
      List.of(
          new Measurement("ours", 1000, 333, new Latencies(2265.9, 3100, 5060.8, 6000)),
          new Measurement("naive", 1000, 186, new Latencies(4913.1, 6000, 8694.4, 9100)),
          new Measurement("ours", 200, 574, new Latencies(325.1, 500, 731.8, 900)),
          new Measurement("naive", 200, 273, new Latencies(949.9, 1200, 1634.0, 1800)),
          new Measurement("limit", 200, 1918, new Latencies(101.3, 120, 144.1, 190)));

  private final LatencyChart chart = new LatencyChart("Latency", "C", "latency (ms)");

  @Test
  void datasetOfALevelHasARowPerContenderAndAColumnPerPercentileInMilliseconds() {
    DefaultCategoryDataset dataset = LatencyChart.dataset(RUN, 200);

    assertEquals(List.of("ours", "naive", "limit"), dataset.getRowKeys());
    assertEquals(List.of("p50", "p90", "p99", "p99.9"), dataset.getColumnKeys());
    assertEquals(325.1, dataset.getValue("ours", "p50"));
    assertEquals(1634.0, dataset.getValue("naive", "p99"));
    assertEquals(190.0, dataset.getValue("limit", "p99.9"));
  }

  @Test
  void chartHasAPanelPerLevelInRisingOrderOnOneLogarithmicAxis() {
    JFreeChart drawn = chart.draw(RUN, ThroughputChartTest.MACHINE);

    CombinedRangeCategoryPlot plot = (CombinedRangeCategoryPlot) drawn.getPlot();
    @SuppressWarnings("unchecked")
    List<CategoryPlot> panels = plot.getSubplots();
    assertEquals(
        List.of("C = 200", "C = 1000"),
        panels.stream().map(p -> p.getDomainAxis().getLabel()).toList());
    assertEquals(List.of("ours", "naive", "limit"), panels.get(0).getDataset().getRowKeys());
    assertEquals(List.of("ours", "naive"), panels.get(1).getDataset().getRowKeys());
    // 101 ms to 9.1 s: more than tenfold.
    assertInstanceOf(OneTwoFiveLogAxis.class, plot.getRangeAxis());
    assertEquals("latency (ms), log scale", plot.getRangeAxis().getLabel());
  }

  @Test
  void legendNamesEachContenderOnceInTheOrderOfTheRun() {
    LegendItemCollection legend =
        chart.draw(RUN, ThroughputChartTest.MACHINE).getPlot().getLegendItems();

    assertEquals(3, legend.getItemCount());
    assertEquals("ours", legend.get(0).getLabel());
    assertEquals("naive", legend.get(1).getLabel());
    assertEquals("limit", legend.get(2).getLabel());
  }

  @Test
  void aContenderKeepsItsColourInAPanelWhereAnotherIsMissing() {
    JFreeChart drawn =
        chart.draw(
            List.of(
                new Measurement("ours", 50, 1, new Latencies(1, 2, 3, 4)),
                new Measurement("naive", 50, 1, new Latencies(1, 2, 3, 4)),
                new Measurement("naive", 100, 1, new Latencies(1, 2, 3, 4))),
            ThroughputChartTest.MACHINE);

    @SuppressWarnings("unchecked")
    List<CategoryPlot> panels = ((CombinedRangeCategoryPlot) drawn.getPlot()).getSubplots();
    assertEquals(ChartStyle.paint(1), panels.get(0).getRenderer().getSeriesPaint(1));
    assertEquals(ChartStyle.paint(1), panels.get(1).getRenderer().getSeriesPaint(0));
  }
}
