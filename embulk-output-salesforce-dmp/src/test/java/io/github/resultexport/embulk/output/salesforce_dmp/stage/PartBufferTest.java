package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** A part buffer grows to its expected capacity, not to twice the part size. */
public class PartBufferTest {
    @Test
    public void growsByDoublingUpToTheExpectedCapacity() {
        int expected = 3 * 1024 * 1024 + 100;
        PartBuffer buffer = new PartBuffer(expected);
        byte[] block = new byte[64 * 1024];
        while (buffer.size() + block.length <= expected) {
            buffer.write(block, 0, block.length);
        }

        assertEquals(expected, buffer.array().length);

        buffer.write(block, 0, block.length);
        assertEquals("past the expected capacity only as far as needed", buffer.size(), buffer.array().length);
        buffer.clear();
        assertEquals(0, buffer.size());
    }
}
