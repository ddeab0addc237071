package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertLoadedMavenStyle;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertNoClassLoadingError;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertSucceeded;
import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.sfdc.fake.FakeSalesforce;
import io.github.resultexport.embulk.output.sfdc.fake.FieldDef;
import io.github.resultexport.embulk.output.sfdc.fake.FieldType;
import io.github.resultexport.embulk.output.sfdc.fake.SObjectDef;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * sfdc installed Maven-style and run through the runtime jar ({@code java -jar}) inserts into a Salesforce object,
 * here the strict fake of Salesforce (partner SOAP login and describe, Bulk API v1) that the plugin's own tests use:
 * its runtime jars (force-wsc, force-partner-api) are enough, as users run it.
 */
public class SfdcIT {
    private static final String PASSWORD = "packaging-It-pass";
    private static final String TOKEN = "PackagingToken42";

    private FakeSalesforce sf;

    @Before
    public void startFake() {
        sf = FakeSalesforce.start();
        sf.addUser("it@example.com", PASSWORD, TOKEN, false);
        sf.defineObject(SObjectDef.named("Segment__c", "a02")
                .field(FieldDef.string("User_Id__c").externalId())
                .field(FieldDef.string("Segments__c"))
                .field(FieldDef.of("Visits__c", FieldType.DOUBLE)));
    }

    @After
    public void stopFake() {
        sf.close();
    }

    @Test
    public void sfdcInsertsTheRecords() throws Exception {
        final Path dir = ItEnvironment.workDirectory("sfdc-append");
        final Path config = Configs.write(dir, Configs.SEGMENTS_CSV, String.join("\n",
                "    - {name: User_Id__c, type: string}",
                "    - {name: Segments__c, type: string}",
                "    - {name: Visits__c, type: long}"), String.join("\n",
                "  type: sfdc",
                "  login_url: " + sf.baseUrl(),
                "  username: it@example.com",
                "  password: " + Configs.quote(PASSWORD),
                "  security_token: " + TOKEN,
                "  object: Segment__c",
                "  poll_interval_millis: 10"));

        final Embulk.Result result = Embulk.withRepository(ItEnvironment.m2()).run(dir, config);

        assertNoClassLoadingError(result);
        assertSucceeded(result);
        assertLoadedMavenStyle(result, "sfdc");
        assertEquals(List.of("u-1|sports,news|3.0", "u-2|travel|1.0"), sf.records("Segment__c").stream()
                .map(r -> r.get("User_Id__c") + "|" + r.get("Segments__c") + "|" + r.get("Visits__c"))
                .sorted().collect(Collectors.toList()));
        assertEquals(0, sf.logoutCalls());
        assertEquals(false, result.output.contains(PASSWORD));
    }
}
