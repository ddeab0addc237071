package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.OBJECT;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.USER;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.exts;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.messages;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import io.github.resultexport.embulk.output.sfdc.fake.FaultRule;
import io.github.resultexport.embulk.output.sfdc.fake.RowFault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A session that expires mid-run is replaced by a new login (password authentication) and every row lands once; with
 * {@code session_id} the run fails clearly; {@code logout} is never called; no password, token, their concatenation
 * or session id shows in a log line, an exception or the error file.
 */
public class SfdcSessionTest {
    @Rule
    public final SfdcFixture fixture = new SfdcFixture();

    @Rule
    public final SfdcEmbulk embulk = new SfdcEmbulk();

    @Rule
    public final LogCapture logs = new LogCapture();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @After
    public void noLogoutAndNoSecret() {
        assertEquals(0, fixture.sf.logoutCalls());
        for (ILoggingEvent event : logs.events()) {
            assertNoSecret(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                assertNoSecret(t.getMessage());
            }
        }
    }

    private static void assertNoSecret(String text) {
        String s = String.valueOf(text);
        assertFalse(s, s.contains(PASSWORD));
        assertFalse(s, s.contains(TOKEN));
    }

    private ConfigSource rows(int n) throws Exception {
        return embulk.csv(List.of("Ext__c:string", "Name:string"),
                IntStream.range(0, n).mapToObj(i -> "k" + i + ",n" + i).toArray(String[]::new));
    }

    @Test
    public void anExpiredSessionIsReplacedByANewLoginAndEveryRowLandsOnce() throws Exception {
        FaultRule expire = fixture.sf.faults().add(FaultRule.on("batch/get").nth(3).expireSession());
        FaultRule expireAgain = fixture.sf.faults().add(FaultRule.on("batch/create").nth(4).expireSession());

        embulk.run(rows(20), embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT).set("split_records", 4),
                embulk.singleTask());

        assertEquals(1, expire.hits());
        assertEquals(1, expireAgain.hits());
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "k" + i).sorted().collect(Collectors.toList()),
                exts(fixture.sf.records(OBJECT)));
        assertTrue("logged in again", fixture.sf.requests().count("soap/login") >= 3);
        assertEquals(5, fixture.sf.jobs().get(0).batches().size());
    }

    @Test
    public void withAGivenSessionIdAnExpiredSessionFailsTheRunClearly() throws Exception {
        String sessionId = loginSessionId();
        fixture.sf.faults().add(FaultRule.on("batch/get").nth(2).expireSession());

        Throwable e = assertThrows(Throwable.class, () -> embulk.run(rows(8), embulk.newConfig().set("type", "sfdc")
                .set("login_url", fixture.sf.baseUrl()).set("session_id", sessionId).set("object", OBJECT)
                .set("split_records", 4).set("poll_interval_millis", 5), embulk.singleTask()));

        assertTrue(messages(e), messages(e).contains("session_id' expired"));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse("the session id is masked", trace.toString().contains(sessionId));
        String job = fixture.sf.jobs().get(0).id();
        assertEquals("the log says the job could not be aborted", 1,
                logs.linesContaining("Bulk job " + job + " could not be aborted").size());
    }

    @Test
    public void secretsStayOutOfExceptionsAndTheErrorFile() throws Exception {
        fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k1").error("FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "rejected for " + PASSWORD + TOKEN));
        Path errors = tmp.getRoot().toPath().resolve("failed.csv");

        Throwable e = assertThrows(Throwable.class, () -> embulk.run(rows(3),
                embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT).set("error_records_path", errors.toString())));

        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertNoSecret(trace.toString());
        String file = Files.readString(errors);
        assertTrue(file, file.contains("FIELD_CUSTOM_VALIDATION_EXCEPTION"));
        assertNoSecret(file);
    }

    /** A session id as a user would get one: a login outside the plugin. */
    private String loginSessionId() throws Exception {
        com.sforce.ws.ConnectorConfig config = new com.sforce.ws.ConnectorConfig();
        config.setAuthEndpoint(fixture.sf.authEndpoint("62.0"));
        config.setServiceEndpoint(fixture.sf.authEndpoint("62.0"));
        config.setManualLogin(true);
        return com.sforce.soap.partner.Connector.newConnection(config).login(USER, PASSWORD + TOKEN).getSessionId();
    }
}
