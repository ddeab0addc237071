package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.salesforce_dmp.RunPlan;
import io.github.resultexport.embulk.output.salesforce_dmp.S3Server;
import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import io.github.resultexport.embulk.output.salesforce_dmp.client.UploadedPart;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.embulk.spi.DataException;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/** A task's parts: numbered from its own range, each at least 5 MiB but the end, and never more than its range. */
public class PartWriterTest {
    private static final int MIB = 1024 * 1024;

    @ClassRule
    public static final S3Server S3 = new S3Server();

    private S3Bucket bucket;
    private String uploadId;

    @Before
    public void startUpload() {
        S3.clear();
        bucket = new S3Bucket(S3Server.client(S3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
                S3Server.BUCKET, Retrier.none(), SecretMasker.of(), false);
        uploadId = S3.admin().createMultipartUpload(r -> r.bucket(S3Server.BUCKET).key("f")).uploadId();
    }

    @After
    public void close() {
        bucket.close();
    }

    @Test
    public void partsComeFromTheTasksRangeAndTheRestIsATemporaryObject() {
        RunPlan plan = new RunPlan("R", S3Server.BUCKET, "f", uploadId, "stage/R/", 100);
        StagedOutput staged;
        long written;
        try (PartWriter writer = new PartWriter(bucket, plan, 3, 5 * MIB, 0)) {
            written = write(writer, 13 * MIB);
            staged = writer.finish();
        }

        assertEquals(2, staged.parts().size());
        assertEquals(301, staged.parts().get(0).getNumber());
        assertEquals(302, staged.parts().get(1).getNumber());
        for (UploadedPart p : staged.parts()) {
            assertTrue(p.toString(), p.getSize() >= 5 * MIB && p.getSize() < 5 * MIB + 128 * 1024);
        }
        assertEquals("stage/R/task-00003", staged.tail().getKey());
        assertEquals(written, staged.bytes());
        assertEquals(staged.tail().getSize(), S3.bytes("stage/R/task-00003").length);
    }

    @Test
    public void aRestOfFiveMiBOrMoreIsOneMorePart() {
        RunPlan plan = new RunPlan("R", S3Server.BUCKET, "f", uploadId, "stage/R/", 100);
        StagedOutput staged;
        try (PartWriter writer = new PartWriter(bucket, plan, 0, 6 * MIB, 0)) {
            write(writer, 11 * MIB + MIB / 2);
            staged = writer.finish();
        }

        assertEquals(2, staged.parts().size());
        assertNull(staged.tail());
    }

    @Test
    public void moreDataThanTheTasksPartsCanHoldFailsTheTask() {
        RunPlan plan = new RunPlan("R", S3Server.BUCKET, "f", uploadId, "stage/R/", 1);
        try (PartWriter writer = new PartWriter(bucket, plan, 0, 5 * MIB, 0)) {
            DataException e = assertThrows(DataException.class, () -> write(writer, 11 * MIB));
            assertTrue(e.getMessage(), e.getMessage().contains("more data than its 1 parts"));
            assertTrue(e.getMessage(), e.getMessage().contains("raise part_size"));
        }
    }

    /** Writes lines of random letters, about {@code bytes} in all, in blocks of whole lines; returns the bytes. */
    private static long write(PartWriter writer, int bytes) {
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder block = new StringBuilder();
        int written = 0;
        while (written < bytes) {
            block.setLength(0);
            while (block.length() < 60_000 && written + block.length() < bytes) {
                for (int i = 0; i < 99; i++) {
                    block.append((char) ('a' + random.nextInt(26)));
                }
                block.append('\n');
            }
            byte[] b = block.toString().getBytes(StandardCharsets.US_ASCII);
            writer.write(b, 0, b.length);
            written += b.length;
        }
        return written;
    }
}
