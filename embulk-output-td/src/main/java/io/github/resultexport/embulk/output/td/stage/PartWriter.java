package io.github.resultexport.embulk.output.td.stage;

import io.github.resultexport.embulk.output.common.Futures;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPOutputStream;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A task's part files: records are packed into a gzip'd msgpack file until it reaches {@code file_split_size}
 * (compressed), then the file is uploaded in the background while the next one fills, with at most
 * {@code upload_concurrency} uploads at once (the writer waits for a free slot, so at most that many finished files
 * are on disk). Part names are {@code <task>_<sequence>}: deterministic, so an upload repeated after a lost answer
 * replaces the part instead of adding its records twice. td-client uploads parts from files, which is why they are
 * written to the temporary directory; each is deleted once uploaded.
 */
public final class PartWriter implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final PartUploader uploader;
    private final int taskIndex;
    private final long splitBytes;
    private final boolean toDisk;
    private final Semaphore slots;
    private final ExecutorService uploads;
    private final List<Future<?>> pending = new ArrayList<>();
    private final List<String> uploadedNames = new ArrayList<>();

    private File file;
    private CountingOutputStream compressed;
    private MessagePacker packer;
    private long partRecords;
    private int sequence;
    private long records;
    private long bytes;
    private int parts;

    /**
     * @param toDisk false in a dry run: parts are encoded and compressed in full, but into nothing
     */
    public PartWriter(PartUploader uploader, int taskIndex, long splitBytes, int concurrency, boolean toDisk) {
        this.uploader = uploader;
        this.taskIndex = taskIndex;
        this.splitBytes = splitBytes;
        this.toDisk = toDisk;
        this.slots = new Semaphore(concurrency);
        this.uploads = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "td-upload-task-" + taskIndex);
            t.setDaemon(true);
            return t;
        });
    }

    /** The packer of the current part, opened on first use. */
    public MessagePacker packer() throws IOException {
        if (packer == null) {
            open();
        }
        return packer;
    }

    /** Counts the record just packed, and starts the next part when this one is full. */
    public void recordWritten() throws IOException {
        partRecords++;
        records++;
        if (partRecords % 256 == 0) {
            packer.flush();
            if (compressed.count() >= splitBytes) {
                closePart();
            }
        }
    }

    /** Uploads the last part and waits for every upload; a failed upload fails here. */
    public void finish() throws IOException {
        if (packer != null) {
            closePart();
        }
        for (Future<?> f : pending) {
            await(f);
        }
        pending.clear();
    }

    public long records() {
        return records;
    }

    /** Compressed bytes of the parts written so far. */
    public long bytes() {
        return bytes;
    }

    public int parts() {
        return parts;
    }

    public synchronized List<String> uploadedNames() {
        return new ArrayList<>(uploadedNames);
    }

    /** Stops the uploads and deletes the files not yet uploaded; what was uploaded goes with the session. */
    public void abort() {
        uploads.shutdownNow();
        closeQuietly();
        deleteFile(file);
    }

    @Override
    public void close() {
        uploads.shutdownNow();
        closeQuietly();
        deleteFile(file);
    }

    private void open() throws IOException {
        OutputStream sink;
        if (toDisk) {
            file = Files.createTempFile("embulk-output-td-", ".msgpack.gz").toFile();
            sink = new BufferedOutputStream(Files.newOutputStream(file.toPath()), BUFFER);
        } else {
            file = null;
            sink = NullOutputStream.INSTANCE;
        }
        compressed = new CountingOutputStream(sink);
        packer = MessagePack.newDefaultPacker(new GZIPOutputStream(compressed, BUFFER));
        partRecords = 0;
    }

    private void closePart() throws IOException {
        packer.close();
        bytes += compressed.count();
        String name = String.format(Locale.ROOT, "%d_%d", taskIndex, sequence++);
        File part = file;
        packer = null;
        file = null;
        parts++;
        slots.acquireUninterruptibly();
        try {
            pending.add(uploads.submit(() -> {
                try {
                    if (part != null) {
                        uploader.upload(name, part);
                    }
                    synchronized (this) {
                        uploadedNames.add(name);
                    }
                } finally {
                    deleteFile(part);
                    slots.release();
                }
            }));
        } catch (RuntimeException e) {
            slots.release();
            deleteFile(part);
            throw e;
        }
        failFastOnDoneUploads();
    }

    /** Surfaces a failed upload at the next part instead of after the whole input was read. */
    private void failFastOnDoneUploads() throws IOException {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Future<?> f = pending.get(i);
            if (f.isDone()) {
                await(f);
                pending.remove(i);
            }
        }
    }

    private static void await(Future<?> f) throws IOException {
        Futures.await(f, "a part upload");
    }

    private void closeQuietly() {
        if (packer != null) {
            try {
                packer.close();
            } catch (IOException | RuntimeException ignored) {
                // the part is being discarded
            }
            packer = null;
        }
    }

    private static void deleteFile(File f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f.toPath());
            } catch (IOException ignored) {
                f.deleteOnExit();
            }
        }
    }

    private static final class NullOutputStream extends OutputStream {
        static final NullOutputStream INSTANCE = new NullOutputStream();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
