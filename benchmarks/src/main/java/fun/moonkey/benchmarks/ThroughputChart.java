package fun.moonkey.benchmarks;

import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Throughput against concurrency, one line per contender of one run: the contenders' absolute
 * figures side by side, never one figure alone. The sections also draw other per-contender figures
 * against concurrency with it (server CPU and context switches per logout), passing the figure as
 * {@link Measurement#perSecond()} and naming it on the value axis.
 *
 * @param title the chart's title
 * @param concurrencyAxis the horizontal axis' label, with its unit
 * @param throughputAxis the vertical axis' label, with its unit
 */
record ThroughputChart(String title, String concurrencyAxis, String throughputAxis) {

  /** Checks the labels. */
  ThroughputChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(concurrencyAxis, "concurrencyAxis");
    Objects.requireNonNull(throughputAxis, "throughputAxis");
  }

  /**
   * One series per contender, named as the contender and in the order of its first measurement,
   * with x the concurrency and y the operations per second.
   */
  static XYSeriesCollection dataset(List<Measurement> measurements) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (Measurement m : measurements) {
      int index = dataset.getSeriesIndex(m.contender());
      XYSeries series;
      if (index < 0) {
        series = new XYSeries(m.contender(), true, false);
        dataset.addSeries(series);
      } else {
        series = dataset.getSeries(index);
      }
      series.add(m.concurrency(), m.perSecond());
    }
    return dataset;
  }

  /** The chart of {@code measurements}, subtitled with {@code machine}. */
  JFreeChart draw(List<Measurement> measurements, Machine machine) {
    if (measurements.isEmpty()) {
      throw new IllegalArgumentException(title + ": nothing to draw");
    }
    XYSeriesCollection dataset = dataset(measurements);
    NumberAxis x = new NumberAxis(concurrencyAxis);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(true);
    ChartStyle.font(x);
    double min = measurements.stream().mapToDouble(Measurement::perSecond).min().orElseThrow();
    double max = measurements.stream().mapToDouble(Measurement::perSecond).max().orElseThrow();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, ChartStyle.paint(i));
      renderer.setSeriesShape(i, ChartStyle.shape(i));
      renderer.setSeriesStroke(i, ChartStyle.stroke());
    }
    XYPlot plot = new XYPlot(dataset, x, ChartStyle.valueAxis(throughputAxis, min, max), renderer);
    return ChartStyle.finish(new JFreeChart(title, plot), machine);
  }
}
