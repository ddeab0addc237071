package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.OBJECT;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.USER;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/** append, truncate and update leave exactly the expected records in the fake's store; values as Salesforce wants. */
public class SfdcModesTest {
    @Rule
    public final SfdcFixture fixture = new SfdcFixture();

    @Rule
    public final SfdcEmbulk embulk = new SfdcEmbulk();

    @Rule
    public final org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

    private ConfigSource out() {
        return embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT);
    }

    @Test
    public void appendInsertsEveryRowWithValuesSalesforceAccepts() throws Exception {
        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string", "Score__c:double", "Active__c:boolean",
                        "Day__c:timestamp:%Y-%m-%d %H:%M:%S %z", "At__c:timestamp:%Y-%m-%d %H:%M:%S %z",
                        "Doc__c:json", "Count__c:long"),
                "e1,\"Zoë, \"\"the\"\" first\",1.0E10,true,2024-03-01 23:30:00 -0800,2024-03-01 23:30:00 -0800,"
                        + "\"{\"\"a\"\":[1,2]}\",7",
                "e2,日本語,0.000001,false,2024-03-02 00:30:00 +0900,2024-03-02 00:30:00 +0900,,",
                "e3,,,,,,,"),
                out().set("default_timezone", "America/Los_Angeles"));

        List<Map<String, Object>> records = byExt(fixture.sf.records(OBJECT));
        assertEquals(3, records.size());
        Map<String, Object> e1 = records.get(0);
        assertEquals("Zoë, \"the\" first", e1.get("Name"));
        assertEquals(1.0E10, e1.get("Score__c"));
        assertEquals(Boolean.TRUE, e1.get("Active__c"));
        assertEquals("the day in default_timezone", LocalDate.of(2024, 3, 1), e1.get("Day__c"));
        assertEquals(Instant.parse("2024-03-02T07:30:00Z"), e1.get("At__c"));
        assertEquals("{\"a\":[1,2]}", e1.get("Doc__c"));
        Map<String, Object> e2 = records.get(1);
        assertEquals("日本語", e2.get("Name"));
        assertEquals(0.000001, e2.get("Score__c"));
        assertEquals(LocalDate.of(2024, 3, 1), e2.get("Day__c"));
        assertEquals(Instant.parse("2024-03-01T15:30:00Z"), e2.get("At__c"));
        assertNull(records.get(2).get("Name"));
        assertEquals(0, fixture.sf.logoutCalls());
        assertEquals("one job", 1, fixture.sf.jobs().size());
        String sent = fixture.sf.jobs().get(0).batches().get(0).request();
        assertTrue("plain decimals: " + sent, sent.contains(",\"10000000000\",") && sent.contains(",\"0.000001\","));
        assertTrue("datetimes in UTC with Z: " + sent, sent.contains("\"2024-03-02T07:30:00.000Z\""));
        assertTrue("dates without a time: " + sent, sent.contains(",\"2024-03-01\","));
    }

    @Test
    public void truncateMovesEveryRecordToTheRecycleBinThenInserts() throws Exception {
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "old1", "Name", "old"));
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "old2", "Name", "old"));

        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string"), "n1,new", "n2,new"),
                out().set("mode", "truncate"));

        assertEquals(List.of("n1", "n2"), exts(fixture.sf.records(OBJECT)));
        assertEquals(List.of("old1", "old2"), exts(fixture.sf.recycleBin(OBJECT)));
        assertEquals(List.of("delete", "insert"), operationsOfWriteJobs());
    }

    @Test
    public void truncateWithHardDeleteBypassesTheRecycleBin() throws Exception {
        fixture.sf.setHardDeletePermission(USER, true);
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "old1", "Name", "old"));

        embulk.run(embulk.csv(List.of("Ext__c:string"), "n1"), out().set("mode", "truncate").set("hard_delete", true));

        assertEquals(List.of("n1"), exts(fixture.sf.records(OBJECT)));
        assertEquals(List.of(), fixture.sf.recycleBin(OBJECT));
        assertEquals(List.of("hardDelete", "insert"), operationsOfWriteJobs());
    }

    @Test
    public void hardDeleteWithoutThePermissionIsRefusedAndDeletesNothing() throws Exception {
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "old1", "Name", "old"));

        Throwable e = assertThrows(Throwable.class, () -> embulk.run(embulk.csv(List.of("Ext__c:string"), "n1"),
                out().set("mode", "truncate").set("hard_delete", true)));

        assertTrue(String.valueOf(e), messages(e).contains("Hard Delete"));
        assertEquals(List.of("old1"), exts(fixture.sf.records(OBJECT)));
        assertEquals(List.of(), fixture.sf.recycleBin(OBJECT));
        assertEquals("no insert job", List.of(), operationsOfWriteJobs());
    }

    @Test
    public void updateUpsertsOnTheExternalId() throws Exception {
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "k1", "Name", "before", "Score__c", 1.0));

        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string"), "k1,after", "k2,inserted"),
                out().set("mode", "update").set("unique", "Ext__c"));

        List<Map<String, Object>> records = byExt(fixture.sf.records(OBJECT));
        assertEquals(List.of("k1", "k2"), exts(records));
        assertEquals("after", records.get(0).get("Name"));
        assertEquals("an empty field leaves the value", 1.0, records.get(0).get("Score__c"));
        assertEquals("inserted", records.get(1).get("Name"));
        assertEquals("upsert", fixture.sf.jobs().get(0).operation());
        assertEquals("Ext__c", fixture.sf.jobs().get(0).externalIdFieldName());
    }

    @Test
    public void nullValueNaClearsTheField() throws Exception {
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "k1", "Name", "before", "Score__c", 1.0));

        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string", "Score__c:double"), "k1,after,"),
                out().set("mode", "update").set("unique", "Ext__c").set("null_value", "na"));

        Map<String, Object> record = fixture.sf.records(OBJECT).get(0);
        assertEquals("after", record.get("Name"));
        assertNull(record.get("Score__c"));
    }

    @Test
    public void updateWithoutUpsertUpdatesExistingRecordsAndFailsUnmatchedKeys() throws Exception {
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "k1", "Name", "before 1"));
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "it's", "Name", "before 2"));
        Path errors = tmp.getRoot().toPath().resolve("failed.csv");

        Throwable e = assertThrows(Throwable.class, () -> embulk.run(
                embulk.csv(List.of("Ext__c:string", "Name:string"), "k1,after 1", "missing,never inserted",
                        "it's,after 2"),
                out().set("mode", "update").set("unique", "Ext__c").set("upsert", false)
                        .set("error_records_path", errors.toString())));

        assertTrue(messages(e), messages(e).contains("1 of 3 rows failed"));
        List<Map<String, Object>> records = byExt(fixture.sf.records(OBJECT));
        assertEquals("nothing inserted", List.of("it's", "k1"), exts(records));
        assertEquals("after 2", records.get(0).get("Name"));
        assertEquals("after 1", records.get(1).get("Name"));
        assertEquals("update", fixture.sf.jobs().get(0).operation());
        List<String> failed = Files.readAllLines(errors);
        assertEquals("task,row,error,Id,\"Ext__c\",\"Name\"", failed.get(0));
        assertTrue(failed.get(1), failed.get(1).matches("0,2,\"NOT_FOUND: no Result__c record has Ext__c = 'missing'.*\",,"
                + "\"missing\",\"never inserted\""));
    }

    private List<String> operationsOfWriteJobs() {
        return fixture.sf.jobs().stream().map(j -> j.operation()).filter(o -> !o.equals("query"))
                .collect(Collectors.toList());
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    static List<Map<String, Object>> byExt(List<Map<String, Object>> records) {
        return records.stream().sorted(Comparator.comparing(r -> String.valueOf(r.get("Ext__c"))))
                .collect(Collectors.toList());
    }

    static List<String> exts(List<Map<String, Object>> records) {
        return records.stream().map(r -> String.valueOf(r.get("Ext__c"))).sorted().collect(Collectors.toList());
    }
}
