package io.github.resultexport.embulk.output.td.stage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

public class PartWriterTest {
    private final Map<String, Long> uploaded = new ConcurrentHashMap<>();
    private final List<File> files = Collections.synchronizedList(new ArrayList<>());

    private void record(String name, File file) {
        files.add(file);
        assertTrue("uploaded from a file", file.isFile());
        uploaded.put(name, countRecords(file));
    }

    @Test
    public void cutsPartsAtTheSplitSizeWithDeterministicNames() throws IOException {
        try (PartWriter parts = new PartWriter(this::record, 7, 64 * 1024, 2, true)) {
            for (int i = 0; i < 20_000; i++) {
                parts.packer().packMapHeader(2).packString("time").packLong(i).packString("s")
                        .packString(Long.toHexString(Double.doubleToLongBits(Math.sin(i))));
                parts.recordWritten();
            }
            parts.finish();

            assertTrue("several parts: " + uploaded.keySet(), parts.parts() > 3);
            for (int i = 0; i < parts.parts(); i++) {
                assertTrue(uploaded.containsKey("7_" + i));
            }
            assertEquals(parts.parts(), uploaded.size());
            assertEquals(20_000L, uploaded.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(20_000L, parts.records());
        }
        for (File f : files) {
            assertFalse(f + " deleted after upload", f.exists());
        }
    }

    @Test
    public void aFailedUploadFailsTheTaskAndLeavesNoFile() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        PartWriter parts = new PartWriter((name, file) -> {
            files.add(file);
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("upload refused");
            }
        }, 0, 16 * 1024, 1, true);
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            for (int i = 0; i < 50_000; i++) {
                parts.packer().packMapHeader(1).packString("time").packLong(i * 7919L);
                parts.recordWritten();
            }
            parts.finish();
        });
        assertEquals("upload refused", e.getMessage());
        parts.abort();
        parts.close();
        for (File f : files) {
            assertFalse(f.exists());
        }
    }

    private static long countRecords(File file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file.toPath()));
                MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in)) {
            long n = 0;
            while (unpacker.hasNext()) {
                unpacker.unpackValue();
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
