package fun.moonkey.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Latency percentiles per contender of one run: one panel per level of concurrency, the percentiles
 * ({@link Latencies#LABELS}) across, one line per contender, all panels on one value axis so that
 * they compare at a glance.
 *
 * @param title the chart's title
 * @param concurrencyName how a panel names its level, e.g. {@code "C"} gives {@code "C = 200"}
 * @param latencyAxis the value axis' label, with its unit
 */
record LatencyChart(String title, String concurrencyName, String latencyAxis) {

  /** Checks the labels. */
  LatencyChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(concurrencyName, "concurrencyName");
    Objects.requireNonNull(latencyAxis, "latencyAxis");
  }

  /**
   * The panel of one level: a row per contender measured at {@code concurrency} (named as the
   * contender, in the order of the measurements), a column per percentile, values in milliseconds.
   */
  static DefaultCategoryDataset dataset(List<Measurement> measurements, int concurrency) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (Measurement m : measurements) {
      if (m.concurrency() == concurrency) {
        List<Double> values = m.latencies().values();
        for (int i = 0; i < values.size(); i++) {
          dataset.addValue(values.get(i), m.contender(), Latencies.LABELS.get(i));
        }
      }
    }
    return dataset;
  }

  /** The chart of {@code measurements}, a panel per level in rising order, with the machine. */
  JFreeChart draw(List<Measurement> measurements, Machine machine) {
    if (measurements.isEmpty()) {
      throw new IllegalArgumentException(title + ": nothing to draw");
    }
    List<String> contenders = measurements.stream().map(Measurement::contender).distinct().toList();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Measurement m : measurements) {
      for (double value : m.latencies().values()) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    CombinedRangeCategoryPlot plot =
        new CombinedRangeCategoryPlot(ChartStyle.valueAxis(latencyAxis, min, max));
    plot.setGap(12);
    List<Integer> levels =
        measurements.stream().map(Measurement::concurrency).distinct().sorted().toList();
    for (int level : levels) {
      CategoryAxis axis = new CategoryAxis(concurrencyName + " = " + level);
      ChartStyle.font(axis);
      axis.setLowerMargin(0.08);
      axis.setUpperMargin(0.08);
      axis.setCategoryMargin(0.1);
      // Narrow panels: let "p99.9" take more than its category's width rather than be cut.
      axis.setMaximumCategoryLabelWidthRatio(1.6f);
      DefaultCategoryDataset dataset = dataset(measurements, level);
      plot.add(new CategoryPlot(dataset, axis, null, renderer(dataset, contenders)));
    }
    plot.setFixedLegendItems(legend(plot, contenders));
    return ChartStyle.finish(
        new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), machine);
  }

  /**
   * Lines and markers styled by the contender's place in the whole run, so that a contender missing
   * from one panel does not change the others' colours.
   */
  private static LineAndShapeRenderer renderer(
      DefaultCategoryDataset dataset, List<String> contenders) {
    LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
    for (int row = 0; row < dataset.getRowCount(); row++) {
      int i = contenders.indexOf((String) dataset.getRowKey(row));
      renderer.setSeriesPaint(row, ChartStyle.paint(i));
      renderer.setSeriesShape(row, ChartStyle.shape(i));
      renderer.setSeriesStroke(row, ChartStyle.stroke());
    }
    return renderer;
  }

  /** Each contender once, not once per panel, in the order of the run. */
  @SuppressWarnings("unchecked")
  private static LegendItemCollection legend(
      CombinedRangeCategoryPlot plot, List<String> contenders) {
    Map<String, LegendItem> items = new HashMap<>();
    for (CategoryPlot panel : (List<CategoryPlot>) plot.getSubplots()) {
      LegendItemCollection panelItems = panel.getLegendItems();
      for (int i = 0; i < panelItems.getItemCount(); i++) {
        LegendItem item = panelItems.get(i);
        items.putIfAbsent(item.getLabel(), item);
      }
    }
    LegendItemCollection legend = new LegendItemCollection();
    contenders.forEach(name -> legend.add(items.get(name)));
    return legend;
  }
}
