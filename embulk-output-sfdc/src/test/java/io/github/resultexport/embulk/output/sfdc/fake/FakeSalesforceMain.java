package io.github.resultexport.embulk.output.sfdc.fake;

import com.sforce.async.AsyncApiException;
import com.sforce.async.BatchInfo;
import com.sforce.async.BatchStateEnum;
import com.sforce.async.BulkConnection;
import com.sforce.async.ContentType;
import com.sforce.async.JobInfo;
import com.sforce.async.JobStateEnum;
import com.sforce.async.OperationEnum;
import com.sforce.soap.partner.Connector;
import com.sforce.soap.partner.PartnerConnection;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.ConnectorConfig;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The fake Salesforce in a process of its own, for the benchmark in {@code bench/sfdc}:
 *
 * <pre>java -cp &lt;test classpath of embulk-output-sfdc&gt; io.github.resultexport.embulk.output.sfdc.fake.FakeSalesforceMain
 *     USERNAME PASSWORD SECURITY_TOKEN OBJECT</pre>
 *
 * <p>Starts {@link FakeSalesforce} on 127.0.0.1 (a free port), adds the user, defines {@code OBJECT} (key prefix
 * {@code a01}) with the 8 fields of the benchmark's CSV — {@code Name} (string), {@code Score__c} (double),
 * {@code Count__c} (int), {@code Active__c} (boolean), {@code Day__c} (date), {@code At__c} (datetime),
 * {@code Doc__c} (a long text, up to 32,000 characters) and {@code Ext__c} (an external id string; not declared
 * unique, since the fake checks uniqueness by scanning every record of the object for each row), makes every batch
 * complete at the first poll, and prints one line on stdout: {@code fake-sfdc ready url=<base URL> pid=<pid>}.
 *
 * <p>Then it reads commands, one a line, on stdin, and answers each with one line on stdout:
 * <ul>
 * <li>{@code count}: {@code fake-sfdc records=<n> mismatches=<n> requests={<endpoint>=<n>,...} internal_errors=<n>}
 * — first applies the insert batches answered instantly (see below) and counts the rows whose real result differs
 * from the answer given ({@code mismatches}); then the object's live records (counted through a Bulk API query, see
 * {@link #count}), the requests so far per endpoint before that query (e.g. {@code batch/create}), and the fake's
 * own failures (answered 500);</li>
 * <li>{@code dump DIR}: {@code fake-sfdc dumped=<n>} — writes each batch's CSV, as the fake received it, into
 * {@code DIR/<job id>-<n>.csv} (for a check of what a client sent; every request is copied first, so only for small
 * runs);</li>
 * <li>{@code new}: drops the fake (its records, jobs and request log go with it: a full garbage collection follows, so
 * that it does not fall into the next run) and starts another one as above, in the same JVM, so that what the JIT compiled stays; answered by a new ready line (with a
 * new port).</li>
 * </ul>
 * When stdin ends it prints {@code fake-sfdc cpu=<seconds> internal_errors=<n>} — {@code cpu} is the CPU time of the
 * whole process (every thread, GC and JIT included, user plus system) — and exits. Everything else goes to stderr.
 *
 * <p>Its processing is instant ({@link FakeSalesforce#setInstantInserts}): an insert batch is answered at the first
 * poll, every row created, after checking only its size, its header and its record count; its rows are applied,
 * every value checked as in the tests, at the next {@code count}, outside the timed run. The fake keeps every
 * record, batch request and result row: a run of N rows holds all N records until the next {@code new}.
 */
public final class FakeSalesforceMain {
    private static final String API_VERSION = "62.0";

    private FakeSalesforceMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: FakeSalesforceMain USERNAME PASSWORD SECURITY_TOKEN OBJECT");
            System.exit(2);
        }
        PrintStream out = System.out;
        System.setOut(System.err);   // stdout carries only the lines above
        FakeSalesforce sf = start(args, out);
        int internalErrors = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null) {
            switch (command.trim()) {
                case "count": {
                    String requests = sf.requests().countsByEndpoint().toString().replace(" ", "");
                    long mismatches = sf.verifyInstantInserts();
                    out.printf(Locale.ROOT, "fake-sfdc records=%d mismatches=%d requests=%s internal_errors=%d%n",
                            count(sf, args), mismatches, requests, sf.internalErrors().size());
                    break;
                }
                case "new":
                    internalErrors += report(sf);
                    sf.close();
                    sf = null;
                    System.gc();   // the old fake's records go now, not during the next run
                    sf = start(args, out);
                    break;
                case "":
                    continue;
                default:
                    if (command.startsWith("dump ")) {
                        out.printf(Locale.ROOT, "fake-sfdc dumped=%d%n", dump(sf, Paths.get(command.substring(5))));
                        break;
                    }
                    System.err.println("fake-sfdc: unknown command '" + command + "'");
                    out.println("fake-sfdc unknown command");
            }
            out.flush();
        }
        internalErrors += report(sf);
        sf.close();
        out.printf(Locale.ROOT, "fake-sfdc cpu=%.3f internal_errors=%d%n", processCpuSeconds(), internalErrors);
        out.flush();
        System.exit(0);
    }

    private static FakeSalesforce start(String[] args, PrintStream out) {
        FakeSalesforce sf = FakeSalesforce.start();
        sf.addUser(args[0], args[1], args[2], false);
        sf.defineObject(SObjectDef.named(args[3], "a01")
                .field(FieldDef.string("Name"))
                .field(FieldDef.of("Score__c", FieldType.DOUBLE))
                .field(FieldDef.of("Count__c", FieldType.INT))
                .field(FieldDef.of("Active__c", FieldType.BOOLEAN))
                .field(FieldDef.of("Day__c", FieldType.DATE))
                .field(FieldDef.of("At__c", FieldType.DATETIME))
                .field(FieldDef.string("Doc__c").length(32000))
                .field(FieldDef.string("Ext__c").externalId()));
        sf.setPollsInProgress(0);
        sf.setInstantInserts(true);
        out.printf(Locale.ROOT, "fake-sfdc ready url=%s pid=%d%n", sf.baseUrl(), ProcessHandle.current().pid());
        out.flush();
        return sf;
    }

    /**
     * The object's record count, as a client gets it from Salesforce: a Bulk API query job {@code SELECT Id FROM
     * <object>}, whose batch's {@code numberRecordsProcessed} is the number of records. {@link FakeSalesforce#records}
     * would copy every record, a SOAP query keep a map per record in its cursor; the Bulk query keeps only the ids'
     * CSV text (about 20 bytes a record, until the next {@code new}).
     */
    private static int count(FakeSalesforce sf, String[] args) {
        try {
            ConnectorConfig login = new ConnectorConfig();
            login.setUsername(args[0]);
            login.setPassword(args[1] + args[2]);
            login.setAuthEndpoint(sf.authEndpoint(API_VERSION));
            PartnerConnection partner = Connector.newConnection(login);
            ConnectorConfig config = new ConnectorConfig();
            config.setSessionId(partner.getConfig().getSessionId());
            config.setRestEndpoint(sf.baseUrl() + "/services/async/" + API_VERSION);
            BulkConnection bulk = new BulkConnection(config);
            JobInfo job = new JobInfo();
            job.setObject(args[3]);
            job.setOperation(OperationEnum.query);
            job.setContentType(ContentType.CSV);
            job = bulk.createJob(job);
            BatchInfo batch = bulk.createBatchFromStream(job, new ByteArrayInputStream(
                    ("SELECT Id FROM " + args[3]).getBytes(StandardCharsets.UTF_8)));
            for (int polls = 0; batch.getState() != BatchStateEnum.Completed; polls++) {
                if (batch.getState() == BatchStateEnum.Failed || polls == 100) {
                    throw new IllegalStateException("the query batch is " + batch.getState() + ": "
                            + batch.getStateMessage());
                }
                batch = bulk.getBatchInfo(job.getId(), batch.getId());
            }
            JobInfo close = new JobInfo();
            close.setId(job.getId());
            close.setState(JobStateEnum.Closed);
            bulk.updateJob(close);
            return batch.getNumberRecordsProcessed();
        } catch (ConnectionException | AsyncApiException e) {
            throw new IllegalStateException("counting the records of " + args[3] + " failed", e);
        }
    }

    /** Writes the request of every batch of every job but query jobs, as received, into {@code <dir>/<job id>-<n>.csv}. */
    private static int dump(FakeSalesforce sf, Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = 0;
        for (JobView job : sf.jobs()) {
            if (job.operation().equals("query")) {
                continue;
            }
            int i = 0;
            for (BatchView batch : job.batches()) {
                Files.writeString(dir.resolve(job.id() + "-" + i++ + ".csv"), batch.request(), StandardCharsets.UTF_8);
                n++;
            }
        }
        return n;
    }

    /** Logs the fake's requests per endpoint and its own failures on stderr; returns how many failures. */
    private static int report(FakeSalesforce sf) {
        System.err.println("fake-sfdc requests by endpoint: " + sf.requests().countsByEndpoint());
        sf.internalErrors().forEach(e -> e.printStackTrace(System.err));
        return sf.internalErrors().size();
    }

    /** The process's CPU time: all its threads, those that ended included. */
    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
