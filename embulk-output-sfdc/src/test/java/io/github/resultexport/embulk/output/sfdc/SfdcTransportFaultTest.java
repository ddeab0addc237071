package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.OBJECT;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.USER;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.exts;
import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.sfdc.fake.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * Dropped connections, 5xx answers and lost answers on every Bulk call: retried, and a batch whose creation was
 * applied but not answered is found, not added twice. Every row lands exactly once.
 */
public class SfdcTransportFaultTest {
    @Rule
    public final SfdcFixture fixture = new SfdcFixture();

    @Rule
    public final SfdcEmbulk embulk = new SfdcEmbulk();

    private final List<FaultRule> faults = new ArrayList<>();

    private void fault(FaultRule rule) {
        faults.add(fixture.sf.faults().add(rule));
    }

    @Test
    public void everyRowLandsOnceThroughDropsAndLostAnswers() throws Exception {
        fault(FaultRule.on("soap/login").nth(1).dropBeforeApplying());
        fault(FaultRule.on("job/create").nth(1).respond(503, "InternalServerError", "busy"));
        fault(FaultRule.on("batch/create").nth(2).dropAfterApplying());
        fault(FaultRule.on("batch/create").nth(4).resetBeforeApplying());
        fault(FaultRule.on("batch/get").nth(3).dropBeforeApplying());
        fault(FaultRule.on("batch/get").nth(5).respondHtml(502));
        fault(FaultRule.on("batch/result").nth(2).dropBeforeApplying());
        fault(FaultRule.on("job/update").nth(1).dropBeforeApplying());

        List<String> lines = IntStream.range(0, 20).mapToObj(i -> "k" + i + ",n" + i).collect(Collectors.toList());
        ConfigSource out = embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT).set("split_records", 4);
        embulk.run(embulk.csv(List.of("Ext__c:string", "Name:string"), lines.toArray(new String[0])), out,
                embulk.singleTask());

        assertEquals(IntStream.range(0, 20).mapToObj(i -> "k" + i).sorted().collect(Collectors.toList()),
                exts(fixture.sf.records(OBJECT)));
        for (FaultRule rule : faults) {
            assertEquals(rule.toString(), 1, rule.hits());
        }
        assertEquals("batches: the lost answer did not make a second one", 5,
                fixture.sf.jobs().get(0).batches().size());
        assertEquals(List.of(), fixture.sf.internalErrors());
    }
}
