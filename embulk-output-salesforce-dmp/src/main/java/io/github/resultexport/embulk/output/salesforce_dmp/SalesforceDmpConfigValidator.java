package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.Retrier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.embulk.config.ConfigException;
import org.embulk.spi.Column;
import org.embulk.spi.Schema;
import org.embulk.spi.type.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of {@code salesforce-dmp.md} that can be checked in the transaction, before anything is uploaded:
 * options, S3 names, file name templates, and the record layout the import format needs from the schema. Every
 * violation is a ConfigException naming the option (or column) and what is allowed.
 */
final class SalesforceDmpConfigValidator {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceDmpConfigValidator.class);

    static final String CLIENT_PREFIX = "client-";
    static final String USER_ID_COLUMN = "user_id";
    static final String SEGMENT_COLUMN = "td_segment";
    /** The attribute {@code td_segment} is written as; no other column may have this name. */
    static final String SEGMENT_ATTRIBUTE = "segment";

    private static final Pattern CLIENT_NAME = Pattern.compile("client-[A-Za-z0-9._-]+");
    /** S3 bucket naming rules: 3–63 characters, lower-case letters, digits, '.', '-', alphanumeric at both ends. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final long MAX_PART_SIZE = 1024L * 1024 * 1024;
    /** Characters that cannot appear in an attribute name: the format's delimiters and line breaks. */
    private static final String FORBIDDEN_IN_ATTRIBUTE_NAME = "^;:\r\n";

    private SalesforceDmpConfigValidator() {
    }

    /** The client name with the {@code client-} prefix, added when missing. */
    static String withClientPrefix(String clientName) {
        String trimmed = clientName.trim();
        return trimmed.startsWith(CLIENT_PREFIX) ? trimmed : CLIENT_PREFIX + trimmed;
    }

    /**
     * Checks the options of a mapped task, stores the client name with its {@code client-} prefix and marks the task
     * as not yet planned (the transaction sets the run).
     */
    static void validate(PluginTask task) {
        String clientName = withClientPrefix(task.getClientName());
        if (!CLIENT_NAME.matcher(clientName).matches()) {
            throw new ConfigException("option 'client_name' must be letters, digits, '.', '_' and '-' after the"
                    + " 'client-' prefix (e.g. client-treasure-data), got '" + task.getClientName() + "'");
        }
        task.setClientName(clientName);
        task.setRun(Optional.empty());

        String keyId = task.getAwsAccessKeyId();
        if (keyId.isEmpty() || !keyId.equals(keyId.trim()) || keyId.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("option 'aws_access_key_id' must be a non-empty key id without spaces");
        }
        if (task.getAwsSecretAccessKey().isBlank()) {
            throw new ConfigException("option 'aws_secret_access_key' must not be empty");
        }
        if (!BUCKET.matcher(task.getBucket()).matches() || task.getBucket().contains("..")) {
            throw new ConfigException("option 'bucket' must be an S3 bucket name: 3 to 63 lower-case letters, digits,"
                    + " '.' and '-', starting and ending with a letter or digit; got '" + task.getBucket() + "'");
        }
        checkTemplates(task);
        if (task.getEndpoint().isPresent()) {
            checkEndpoint(task.getEndpoint().get());
        }
        if (!REGION.matcher(task.getRegion()).matches()) {
            throw new ConfigException("option 'region' must be an AWS region name such as us-east-1, got '"
                    + task.getRegion() + "'");
        }
        if (task.getPartSize() < MIN_PART_SIZE || task.getPartSize() > MAX_PART_SIZE) {
            throw new ConfigException("option 'part_size' must be from " + MIN_PART_SIZE + " (5 MiB, the smallest"
                    + " part S3 accepts) to " + MAX_PART_SIZE + " (1 GiB), got " + task.getPartSize());
        }
        if (task.getCompressionLevel() < 1 || task.getCompressionLevel() > 9) {
            throw new ConfigException("option 'compression_level' must be from 1 (fastest) to 9 (smallest), got "
                    + task.getCompressionLevel());
        }
        if (task.getStaleRunTimeout() < 2) {
            throw new ConfigException("option 'stale_run_timeout' must be 2 seconds or more, got "
                    + task.getStaleRunTimeout());
        }
        Retrier.validate(task);
    }

    /**
     * Checks the schema against the import format: {@code user_id} then {@code td_segment}, both strings, and
     * attribute columns whose names can be written.
     */
    static void validateSchema(Schema schema) {
        List<Column> columns = schema.getColumns();
        checkLeadingColumn(columns, 0, USER_ID_COLUMN);
        checkLeadingColumn(columns, 1, SEGMENT_COLUMN);
        Set<String> names = new HashSet<>();
        names.add(USER_ID_COLUMN);
        names.add(SEGMENT_COLUMN);
        for (Column column : columns.subList(2, columns.size())) {
            String name = column.getName();
            if (name.isEmpty()) {
                throw new ConfigException("column " + (column.getIndex() + 1) + " has an empty name; every column"
                        + " after td_segment becomes an attribute named after it");
            }
            for (char c : FORBIDDEN_IN_ATTRIBUTE_NAME.toCharArray()) {
                if (name.indexOf(c) >= 0) {
                    throw new ConfigException("column '" + printable(name) + "' cannot be an attribute name: names"
                            + " must not contain '^', ';', ':' or line breaks");
                }
            }
            if (name.equals(SEGMENT_ATTRIBUTE)) {
                throw new ConfigException("column 'segment' cannot be an attribute name: td_segment is written as"
                        + " the attribute 'segment'; rename the column");
            }
            if (!names.add(name)) {
                throw new ConfigException("column '" + name + "' appears twice; column names must be unique");
            }
        }
    }

    private static void checkLeadingColumn(List<Column> columns, int index, String expectedName) {
        String position = index == 0 ? "first" : "second";
        if (columns.size() <= index) {
            throw new ConfigException("the " + position + " column must be '" + expectedName + "' (string), but the"
                    + " input has only " + columns.size() + " column(s); the columns must start with user_id,"
                    + " td_segment");
        }
        Column column = columns.get(index);
        if (!column.getName().equals(expectedName)) {
            throw new ConfigException("the " + position + " column must be named '" + expectedName + "', got '"
                    + printable(column.getName()) + "'; the columns must start with user_id, td_segment");
        }
        if (!(column.getType() instanceof StringType)) {
            throw new ConfigException("column '" + expectedName + "' must be of type string, but is "
                    + column.getType());
        }
    }

    private static void checkTemplates(PluginTask task) {
        String path = task.getPathTemplate();
        if (path.startsWith("/") || path.contains("//") || (!path.isEmpty() && !path.endsWith("/"))) {
            throw new ConfigException("option 'path_template' must be a folder ending with '/', not starting with"
                    + " '/' and without '//' (e.g. {client}/uploads/{date}/), got '" + path + "'");
        }
        PathTemplate pathTemplate = PathTemplate.parse("path_template", path);
        checkStaging(task.getStagingPathTemplate(), pathTemplate);

        String fileName = task.getFileName();
        if (fileName.trim().isEmpty() || fileName.contains("/")) {
            throw new ConfigException("option 'file_name' must be a non-empty file name without '/'"
                    + " (e.g. {client}_first_party_segment.gz), got '" + fileName + "'");
        }
        PathTemplate fileTemplate = PathTemplate.parse("file_name", fileName);

        if (!pathTemplate.uses(PathTemplate.DATE) && !fileTemplate.uses(PathTemplate.DATE)) {
            LOG.warn("neither path_template nor file_name contains {date}: every run writes to the same place, not"
                    + " to one file per UTC day");
        }
        boolean gzName = fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
        if (task.getCompression() == PluginTask.Compression.GZIP && !gzName) {
            LOG.warn("compression is gzip but file_name '{}' does not end with .gz", fileName);
        } else if (task.getCompression() == PluginTask.Compression.NONE && gzName) {
            LOG.warn("compression is none but file_name '{}' ends with .gz", fileName);
        }
    }

    /**
     * The staging folder must be a folder of its own, outside the day's folder: Salesforce DMP must never see a
     * temporary object. Checked on the templates filled with a sample day (a day folder at the bucket's top, as
     * S3-compatible test setups use, has every other folder inside it and is not checked).
     */
    private static void checkStaging(String staging, PathTemplate pathTemplate) {
        if (staging.isEmpty() || staging.startsWith("/") || staging.contains("//") || !staging.endsWith("/")) {
            throw new ConfigException("option 'staging_path_template' must be a folder ending with '/', not"
                    + " starting with '/' and without '//' (e.g. {client}/embulk-staging/), got '" + staging + "'");
        }
        PathTemplate stagingTemplate = PathTemplate.parse("staging_path_template", staging);
        Map<String, String> sample = ObjectLayout.values("client-x", "2000-01-01");
        String stagingFolder = stagingTemplate.expand(sample);
        String dayFolder = pathTemplate.expand(sample);
        if (!dayFolder.isEmpty() && stagingFolder.startsWith(dayFolder)) {
            throw new ConfigException("option 'staging_path_template' ('" + staging + "') names a folder inside the"
                    + " folder of path_template ('" + pathTemplate + "'), where Salesforce DMP would import the"
                    + " temporary objects; choose a folder outside it");
        }
    }

    private static void checkEndpoint(String endpoint) {
        ConfigException invalid = new ConfigException("option 'endpoint' must be an http or https URL with a host"
                + " and nothing after the port (e.g. https://s3.us-east-1.amazonaws.com or http://127.0.0.1:9000),"
                + " got '" + endpoint + "'");
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw invalid;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(path.isEmpty() || path.equals("/"))) {
            throw invalid;
        }
    }

    private static String printable(String name) {
        return name.replace("\r", "\\r").replace("\n", "\\n");
    }
}
