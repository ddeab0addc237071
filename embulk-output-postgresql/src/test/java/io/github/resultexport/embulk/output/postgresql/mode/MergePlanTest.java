package io.github.resultexport.embulk.output.postgresql.mode;

import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.postgresql.mode.MergePlan.Statement;
import org.junit.Test;

public class MergePlanTest {
    @Test
    public void everySampledKeyNewIsAPlainInsert() {
        assertEquals(Statement.INSERT, MergePlan.choose(10, 10, 0));
        assertEquals(Statement.UPSERT, MergePlan.choose(10, 9, 0));
    }

    @Test
    public void identicalRowsAreLeftOutFirstWhenAtLeast85PercentAre() {
        assertEquals(Statement.UPSERT_SKIPPING_IDENTICAL, MergePlan.choose(100, 0, 100));
        assertEquals(Statement.UPSERT_SKIPPING_IDENTICAL, MergePlan.choose(100, 15, 85));
        assertEquals(Statement.UPSERT, MergePlan.choose(100, 16, 84));
        assertEquals(Statement.UPSERT, MergePlan.choose(100, 0, 84));
        assertEquals(Statement.UPSERT, MergePlan.choose(100, 0, 0));
    }

    @Test
    public void anEmptySampleIsThePlainUpsert() {
        assertEquals(Statement.UPSERT, MergePlan.choose(0, 0, 0));
    }
}
