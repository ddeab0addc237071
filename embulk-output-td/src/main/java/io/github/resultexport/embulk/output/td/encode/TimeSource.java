package io.github.resultexport.embulk.output.td.encode;

import io.github.resultexport.embulk.output.td.PluginTask;
import io.github.resultexport.embulk.output.td.TimeValue;
import java.time.Instant;
import java.util.Optional;
import org.embulk.spi.Column;
import org.embulk.spi.PageReader;
import org.embulk.spi.type.TimestampType;

/**
 * Where each record's TD {@code time} (unix seconds) comes from, in the order of {@code td.md}: the time column
 * ({@code time_column}, else a column named {@code time}), else {@code time_value}, else the run's transaction time.
 */
public abstract class TimeSource {
    /** Returned when the record's time column is null: the record cannot be uploaded. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** The time of the current record, or {@link #NO_TIME}. */
    public abstract long timeOf(PageReader reader);

    /** What the time is, for messages. */
    public abstract String describe();

    public static TimeSource of(PluginTask task, Optional<Column> timeColumn, Instant transactionTime) {
        if (timeColumn.isPresent()) {
            Column column = timeColumn.get();
            if (column.getType() instanceof TimestampType) {
                return new TimestampColumn(column);
            }
            return new LongColumn(column, task.getUnixTimestampUnit().perSecond());
        }
        if (task.getTimeValue().isPresent()) {
            TimeValue value = task.getTimeValue().get();
            if (value.getMode() == TimeValue.Mode.FIXED_TIME) {
                return new Fixed(value.getValue().get(), "time_value " + value.getValue().get());
            }
            return new Incremental(value.getFrom().get(), value.getTo().get());
        }
        return new Fixed(transactionTime.getEpochSecond(), "the run's start time");
    }

    private static final class LongColumn extends TimeSource {
        private final Column column;
        private final long perSecond;

        LongColumn(Column column, long perSecond) {
            this.column = column;
            this.perSecond = perSecond;
        }

        @Override
        public long timeOf(PageReader reader) {
            if (reader.isNull(column)) {
                return NO_TIME;
            }
            return Math.floorDiv(reader.getLong(column), perSecond);
        }

        @Override
        public String describe() {
            return "column '" + column.getName() + "'";
        }
    }

    private static final class TimestampColumn extends TimeSource {
        private final Column column;

        TimestampColumn(Column column) {
            this.column = column;
        }

        @Override
        public long timeOf(PageReader reader) {
            if (reader.isNull(column)) {
                return NO_TIME;
            }
            return reader.getTimestampInstant(column.getIndex()).getEpochSecond();
        }

        @Override
        public String describe() {
            return "column '" + column.getName() + "'";
        }
    }

    private static final class Fixed extends TimeSource {
        private final long value;
        private final String description;

        Fixed(long value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public long timeOf(PageReader reader) {
            return value;
        }

        @Override
        public String describe() {
            return description;
        }
    }

    /** {@code from}, {@code from + 1}, … {@code to}, then {@code from} again; counted per task. */
    private static final class Incremental extends TimeSource {
        private final long from;
        private final long to;
        private long next;

        Incremental(long from, long to) {
            this.from = from;
            this.to = to;
            this.next = from;
        }

        @Override
        public long timeOf(PageReader reader) {
            long value = next;
            next = value >= to ? from : value + 1;
            return value;
        }

        @Override
        public String describe() {
            return "time_value from " + from + " to " + to;
        }
    }
}
