package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.OBJECT;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.USER;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.exts;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.messages;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * Configuration mistakes fail before any Bulk job is created, naming the option or column; the seed URL form works;
 * a dry run checks everything and creates no job.
 */
public class SfdcConfigTest {
    @Rule
    public final SfdcFixture fixture = new SfdcFixture();

    @Rule
    public final SfdcEmbulk embulk = new SfdcEmbulk();

    @Rule
    public final LogCapture logs = new LogCapture();

    private ConfigSource out() {
        return embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT);
    }

    @Test
    public void mistakesFailBeforeAnyJobNamingTheOptionOrColumn() throws Exception {
        ConfigSource in = embulk.csv(List.of("Ext__c:string", "Nmae:string"), "k1,a");
        ConfigSource good = embulk.csv(List.of("Ext__c:string", "Name:string"), "k1,a");
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("unknown column", new Object[] {in, out(), "column 'Nmae'", "Name"});
        cases.put("update without unique", new Object[] {good, out().set("mode", "update"), "'unique'"});
        cases.put("unique not an external id", new Object[] {good, out().set("mode", "update").set("unique", "Name"),
            "'unique'", "not an external id"});
        cases.put("split_records", new Object[] {good, out().set("split_records", 10_001), "'split_records'"});
        cases.put("wrong password", new Object[] {good, out().set("password", "wrong"), "refused the login",
            "'password'"});
        cases.put("hard_delete outside truncate", new Object[] {good, out().set("hard_delete", true),
            "'hard_delete'"});
        cases.put("read-only field", new Object[] {embulk.csv(List.of("Formula__c:string"), "x"), out(),
            "Formula__c", "not createable"});
        cases.put("unknown object", new Object[] {good, out().set("object", "Nope__c"), "'object'", "Nope__c"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Object[] v = c.getValue();
            Throwable e = assertThrows(c.getKey(), Throwable.class,
                    () -> embulk.run((ConfigSource) v[0], (ConfigSource) v[1]));
            ConfigException config = configException(e);
            for (int i = 2; i < v.length; i++) {
                assertTrue(c.getKey() + ": " + config.getMessage(), config.getMessage().contains((String) v[i]));
            }
        }
        assertEquals("no job: " + fixture.sf.jobs(), 0, fixture.sf.jobs().size());
    }

    @Test
    public void seedUrlFormUpdates() throws Exception {
        fixture.sf.seed(OBJECT, Map.of("Ext__c", "k1", "Name", "before"));
        String user = USER.replace("@", "%40");
        String url = "sfdc://" + user + ":" + PASSWORD + TOKEN + "@127.0.0.1:" + fixture.sf.port() + "/" + OBJECT
                + "?mode=update&unique=Ext__c";

        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string"), "k1,after", "k2,new"),
                embulk.newConfig().set("type", "sfdc").set("url", url).set("use_ssl", false)
                        .set("poll_interval_millis", 5));

        assertEquals(List.of("k1", "k2"), exts(fixture.sf.records(OBJECT)));
        assertEquals("upsert", fixture.sf.jobs().get(0).operation());
        assertTrue(logs.linesContaining(PASSWORD).isEmpty());
    }

    @Test
    public void dryRunChecksAndEncodesButCreatesNoJob() throws Exception {
        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string"), "k1,a", "k2,b"),
                out().set("mode", "update").set("unique", "Ext__c").set("dry_run", true));

        assertEquals(0, fixture.sf.jobs().size());
        assertEquals(0, fixture.sf.records(OBJECT).size());
        assertEquals(1, logs.linesContaining("sfdc dry run (no job created): 2 rows").size());
        assertEquals(1, fixture.sf.requests().count("soap/describeSObject"));
    }

    private static ConfigException configException(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConfigException) {
                return (ConfigException) c;
            }
        }
        throw new AssertionError("no ConfigException: " + messages(e), e);
    }
}
