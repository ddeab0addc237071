package io.github.resultexport.embulk.output.sfdc.fake;

import io.github.resultexport.embulk.output.common.testing.http.RawReply;
import io.github.resultexport.embulk.output.common.testing.http.RawRequest;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The Bulk API v1 resources under {@code /services/async/<version>/}: XML job and batch infos, CSV data. */
final class BulkApi {
    static final String NS = "http://www.force.com/2009/06/asyncapi/dataload";
    static final String XML = "application/xml";
    static final String CSV = "text/csv";
    static final String SESSION_HEADER = "X-SFDC-Session";

    /** The children of {@code jobInfo} in schema order. */
    private static final List<String> JOB_INFO_ELEMENTS = List.of("id", "operation", "object", "createdById",
            "createdDate", "systemModstamp", "state", "externalIdFieldName", "concurrencyMode", "contentType",
            "numberBatchesQueued", "numberBatchesInProgress", "numberBatchesCompleted", "numberBatchesFailed",
            "numberBatchesTotal", "numberRecordsProcessed", "numberRetries", "apiVersion", "assignmentRuleId",
            "numberRecordsFailed", "totalProcessingTime", "apiActiveProcessingTime", "apexProcessingTime",
            "fastPathEnabled");

    private final Org org;

    BulkApi(Org org) {
        this.org = org;
    }

    /** A reply and the exception code it carries, if an error. */
    record Answer(RawReply reply, String errorCode) {
        int status() {
            return reply.status();
        }
    }

    static Answer error(BulkError e) {
        String body = Xml.DECLARATION + "<error\n   xmlns=\"" + NS + "\">\n <exceptionCode>" + Xml.escape(e.code)
                + "</exceptionCode>\n <exceptionMessage>" + Xml.escape(e.getMessage())
                + "</exceptionMessage>\n</error>";
        return new Answer(Replies.text(e.status, XML, body), e.code);
    }

    Answer handle(Endpoint.Route route, RawRequest request, Faults.Decision decision) {
        Org.Session session = org.authenticate(request.header(SESSION_HEADER));
        if (session == null) {
            throw BulkError.badRequest("InvalidSessionId", "Invalid session id");
        }
        switch (route.endpoint()) {
            case JOB_CREATE: {
                Org.JobRequest r = readJobRequest(request);
                Org.Job job = org.createJob(session, r, route.version());
                return new Answer(Replies.text(201, XML, jobInfo(job)), null);
            }
            case JOB_GET: {
                Org.Job job = org.job(route.param(0));
                org.poll(job);
                return ok(jobInfo(job));
            }
            case JOB_UPDATE: {
                Org.Job job = org.job(route.param(0));
                Element root = readJobInfo(request);
                String state = null;
                for (Element e : Xml.children(root)) {
                    if (e.getLocalName().equals("id")) {
                        if (!e.getTextContent().equals(job.id) && !e.getTextContent().equals(job.id.substring(0, 15))) {
                            throw BulkError.badRequest("InvalidJob", "Job id in the request does not match the URL");
                        }
                    } else if (e.getLocalName().equals("state")) {
                        state = e.getTextContent();
                    } else {
                        throw BulkError.badRequest("InvalidJob", "Only the state of a job can be changed, not "
                                + e.getLocalName());
                    }
                }
                if (state == null) {
                    throw BulkError.badRequest("InvalidJob", "The new state of the job must be specified");
                }
                return ok(jobInfo(org.changeJobState(job.id, state)));
            }
            case BATCH_CREATE: {
                Org.Job job = org.job(route.param(0));
                String contentType = request.header("Content-Type");
                if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(CSV)) {
                    throw BulkError.badRequest("InvalidBatch", "Unsupported content type " + contentType
                            + " for a CSV job");
                }
                byte[] body = Requests.decodedBody(request);
                if (body.length == 0) {
                    throw BulkError.badRequest("InvalidBatch", "Batch content is empty");
                }
                Org.Batch batch = org.addBatch(job.id, body, decision.extraPolls(), decision.batchFailure());
                return new Answer(Replies.text(201, XML, batchInfo(batch, true)), null);
            }
            case BATCH_LIST: {
                Org.Job job = org.job(route.param(0));
                org.poll(job);
                StringBuilder sb = new StringBuilder(Xml.DECLARATION).append("<batchInfoList\n   xmlns=\"")
                        .append(NS).append("\">");
                synchronized (org) {
                    for (Org.Batch b : job.batches) {
                        sb.append(batchInfo(b, false));
                    }
                }
                return ok(sb.append("</batchInfoList>").toString());
            }
            case BATCH_GET: {
                Org.Batch batch = org.batch(route.param(0), route.param(1));
                org.poll(batch.job);
                return ok(batchInfo(batch, true));
            }
            case BATCH_REQUEST: {
                Org.Batch batch = org.batch(route.param(0), route.param(1));
                return new Answer(RawReply.respond(200, CSV, java.util.Map.of(), batch.request), null);
            }
            case BATCH_RESULT: {
                Org.Batch batch = org.batch(route.param(0), route.param(1));
                synchronized (org) {
                    requireCompleted(batch);
                    if (batch.job.operation.equals("query")) {
                        StringBuilder sb = new StringBuilder(Xml.DECLARATION).append("<result-list xmlns=\"")
                                .append(NS).append("\">");
                        batch.queryResults.keySet().forEach(id -> sb.append("<result>").append(id)
                                .append("</result>"));
                        return ok(sb.append("</result-list>").toString());
                    }
                    StringBuilder csv = new StringBuilder(Csv.line(List.of("Id", "Success", "Created", "Error")));
                    for (ResultRow r : batch.results) {
                        csv.append(Csv.line(List.of(r.id(), Boolean.toString(r.success()),
                                Boolean.toString(r.created()), r.error())));
                    }
                    return new Answer(Replies.text(200, CSV, csv.toString()), null);
                }
            }
            case QUERY_RESULT: {
                Org.Batch batch = org.batch(route.param(0), route.param(1));
                synchronized (org) {
                    requireCompleted(batch);
                    String csv = batch.queryResults.get(route.param(2));
                    if (csv == null) {
                        throw BulkError.badRequest("InvalidBatch", "Invalid result id: " + route.param(2));
                    }
                    return new Answer(Replies.text(200, CSV, csv), null);
                }
            }
            default:
                throw new IllegalStateException("no handler for " + route.endpoint());
        }
    }

    private static void requireCompleted(Org.Batch batch) {
        if (!batch.state.equals("Completed")) {
            throw BulkError.badRequest("InvalidBatch", "Batch not completed");
        }
    }

    private static Answer ok(String xml) {
        return new Answer(Replies.text(200, XML, xml), null);
    }

    private static Element readJobInfo(RawRequest request) {
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(XML)) {
            throw BulkError.badRequest("InvalidJob", "this fake reads XML job requests only, not Content-Type "
                    + contentType);
        }
        Document doc = Xml.parse(Requests.decodedBody(request));
        if (doc == null || !Xml.is(doc.getDocumentElement(), NS, "jobInfo")) {
            throw BulkError.badRequest("InvalidXML", "Unable to parse Job");
        }
        Element root = doc.getDocumentElement();
        int last = -1;
        for (Element e : Xml.children(root)) {
            int index = NS.equals(e.getNamespaceURI()) ? JOB_INFO_ELEMENTS.indexOf(e.getLocalName()) : -1;
            if (index < 0) {
                throw BulkError.badRequest("InvalidXML", "Unable to parse Job: unexpected element "
                        + e.getLocalName());
            }
            if (index <= last) {
                throw BulkError.badRequest("InvalidXML", "Unable to parse Job: element " + e.getLocalName()
                        + " out of order");
            }
            last = index;
        }
        return root;
    }

    private static Org.JobRequest readJobRequest(RawRequest request) {
        Element root = readJobInfo(request);
        String operation = null;
        String object = null;
        String externalId = null;
        String concurrency = null;
        String contentType = null;
        for (Element e : Xml.children(root)) {
            String v = e.getTextContent();
            switch (e.getLocalName()) {
                case "operation": operation = v; break;
                case "object": object = v; break;
                case "externalIdFieldName": externalId = v; break;
                case "concurrencyMode": concurrency = v; break;
                case "contentType": contentType = v; break;
                default:
                    throw BulkError.badRequest("InvalidJob", "Field " + e.getLocalName()
                            + " cannot be set when creating a job");
            }
        }
        return new Org.JobRequest(operation, object, externalId, concurrency, contentType);
    }

    private String jobInfo(Org.Job job) {
        synchronized (org) {
            StringBuilder sb = new StringBuilder(Xml.DECLARATION).append("<jobInfo\n   xmlns=\"").append(NS)
                    .append("\">");
            Xml.element(sb, "id", job.id);
            Xml.element(sb, "operation", job.operation);
            Xml.element(sb, "object", job.object.name);
            Xml.element(sb, "createdById", job.createdBy.id);
            Xml.element(sb, "createdDate", Xml.dateTime(job.createdDate));
            Xml.element(sb, "systemModstamp", Xml.dateTime(job.systemModstamp));
            Xml.element(sb, "state", job.state);
            if (job.externalIdField != null) {
                Xml.element(sb, "externalIdFieldName", job.externalIdField.name);
            }
            Xml.element(sb, "concurrencyMode", job.serial ? "Serial" : "Parallel");
            Xml.element(sb, "contentType", "CSV");
            Xml.element(sb, "numberBatchesQueued", job.count("Queued"));
            Xml.element(sb, "numberBatchesInProgress", job.count("InProgress"));
            Xml.element(sb, "numberBatchesCompleted", job.count("Completed"));
            Xml.element(sb, "numberBatchesFailed", job.count("Failed"));
            Xml.element(sb, "numberBatchesTotal", job.batches.size());
            Xml.element(sb, "numberRecordsProcessed", job.batches.stream().mapToLong(b -> b.processed).sum());
            Xml.element(sb, "numberRetries", 0);
            Xml.element(sb, "apiVersion", job.apiVersion);
            Xml.element(sb, "numberRecordsFailed", job.batches.stream().mapToLong(b -> b.failed).sum());
            Xml.element(sb, "totalProcessingTime", 0);
            Xml.element(sb, "apiActiveProcessingTime", 0);
            Xml.element(sb, "apexProcessingTime", 0);
            return sb.append("</jobInfo>").toString();
        }
    }

    private String batchInfo(Org.Batch b, boolean document) {
        synchronized (org) {
            StringBuilder sb = new StringBuilder();
            if (document) {
                sb.append(Xml.DECLARATION).append("<batchInfo\n   xmlns=\"").append(NS).append("\">");
            } else {
                sb.append("<batchInfo>");
            }
            Xml.element(sb, "id", b.id);
            Xml.element(sb, "jobId", b.job.id);
            Xml.element(sb, "state", b.state);
            if (b.stateMessage != null) {
                Xml.element(sb, "stateMessage", b.stateMessage);
            }
            Xml.element(sb, "createdDate", Xml.dateTime(b.createdDate));
            Xml.element(sb, "systemModstamp", Xml.dateTime(b.systemModstamp));
            Xml.element(sb, "numberRecordsProcessed", b.processed);
            Xml.element(sb, "numberRecordsFailed", b.failed);
            Xml.element(sb, "totalProcessingTime", 0);
            Xml.element(sb, "apiActiveProcessingTime", 0);
            Xml.element(sb, "apexProcessingTime", 0);
            return sb.append("</batchInfo>").toString();
        }
    }
}
