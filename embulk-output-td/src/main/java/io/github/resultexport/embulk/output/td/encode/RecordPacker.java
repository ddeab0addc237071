package io.github.resultexport.embulk.output.td.encode;

import io.github.resultexport.embulk.output.td.PluginTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.embulk.spi.Column;
import org.embulk.spi.DataException;
import org.embulk.spi.PageReader;
import org.msgpack.core.MessagePacker;

/**
 * Writes each record as one msgpack map: {@code time} (an integer, unix seconds) and every column under its input
 * name, nulls as nil. Built once per task.
 */
public final class RecordPacker {
    private static final byte[] TIME_KEY = TdColumns.TIME.getBytes(StandardCharsets.UTF_8);

    private final TimeSource time;
    private final Column[] columns;
    private final byte[][] keys;
    private final FieldPacker[] packers;

    private RecordPacker(TimeSource time, List<TdColumn> tdColumns, PluginTask task) {
        this.time = time;
        int n = tdColumns.size();
        this.columns = new Column[n];
        this.keys = new byte[n][];
        this.packers = new FieldPacker[n];
        for (int i = 0; i < n; i++) {
            TdColumn c = tdColumns.get(i);
            columns[i] = c.input();
            keys[i] = c.key().getBytes(StandardCharsets.UTF_8);
            packers[i] = FieldPackers.of(task, c);
        }
    }

    public static RecordPacker of(PluginTask task, TdColumns columns, TimeSource time) {
        return new RecordPacker(time, columns.columns(), task);
    }

    public TimeSource timeSource() {
        return time;
    }

    /**
     * Packs the current record.
     *
     * @return false, having written nothing, when the record has no time (its time column is null)
     * @throws DataException naming the column, {@code rowNumber} and {@code taskIndex} when a value cannot take its
     *     configured form
     */
    public boolean pack(PageReader reader, MessagePacker packer, long rowNumber, int taskIndex) throws IOException {
        long t = time.timeOf(reader);
        if (t == TimeSource.NO_TIME) {
            return false;
        }
        packer.packMapHeader(columns.length + 1);
        packKey(packer, TIME_KEY);
        packer.packLong(t);
        for (int i = 0; i < columns.length; i++) {
            packKey(packer, keys[i]);
            if (reader.isNull(columns[i])) {
                packer.packNil();
                continue;
            }
            try {
                packers[i].pack(reader, packer);
            } catch (FieldPackers.ValueConversionException e) {
                throw new DataException(e.getMessage() + ", at row " + rowNumber + " of task " + taskIndex);
            }
        }
        return true;
    }

    /** A key's UTF-8 is made once per task, not once per record. */
    private static void packKey(MessagePacker packer, byte[] key) throws IOException {
        packer.packRawStringHeader(key.length);
        packer.writePayload(key);
    }
}
