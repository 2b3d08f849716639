package fun.moonkey.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every {@code java.util.logging} record (which is where {@code System.Logger}, Jersey and
 * the JDK's HTTP client write) at the given level and above, formatted, with stack traces.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root = Logger.getLogger("");
  private final Level previousLevel = root.getLevel();
  private final List<LogRecord> records = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (records) {
            records.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private LogCapture(Level level) {
    handler.setLevel(level);
    root.setLevel(level);
    root.addHandler(handler);
  }

  /** Starts capturing at {@code level}; the root logger is set to that level until closed. */
  public static LogCapture at(Level level) {
    return new LogCapture(level);
  }

  /** Every record so far, each as logger, level, formatted message and stack trace. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    synchronized (records) {
      for (LogRecord record : records) {
        StringBuilder line =
            new StringBuilder()
                .append(record.getLoggerName())
                .append(' ')
                .append(record.getLevel())
                .append(' ')
                .append(formatter.formatMessage(record));
        if (record.getThrown() != null) {
          StringWriter trace = new StringWriter();
          record.getThrown().printStackTrace(new PrintWriter(trace));
          line.append('\n').append(trace);
        }
        lines.add(line.toString());
      }
    }
    return lines;
  }

  /** The records of one logger at one level, formatted. */
  public List<String> messages(String loggerName, Level level) {
    List<String> messages = new ArrayList<>();
    synchronized (records) {
      for (LogRecord record : records) {
        if (record.getLoggerName() != null
            && record.getLoggerName().equals(loggerName)
            && record.getLevel().equals(level)) {
          messages.add(formatter.formatMessage(record));
        }
      }
    }
    return messages;
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    root.setLevel(previousLevel);
  }
}
