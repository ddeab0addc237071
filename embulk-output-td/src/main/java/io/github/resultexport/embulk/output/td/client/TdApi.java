package io.github.resultexport.embulk.output.td.client;

import com.treasuredata.client.TDClient;
import com.treasuredata.client.model.TDBulkImportSession;
import com.treasuredata.client.model.TDColumn;
import com.treasuredata.client.model.TDJobSummary;
import com.treasuredata.client.model.TDTable;
import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import java.io.File;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.embulk.config.ConfigException;

/**
 * The Treasure Data calls the plugin makes, through td-client. Transient failures are retried with the plugin's retry
 * options; a call that changes something and whose answer was lost is not blindly repeated: before each retry the
 * state it was meant to reach is read back, and a call whose work is found done is not sent again. A refused API
 * key fails at once. Every message leaves masked.
 */
public final class TdApi implements AutoCloseable {
    private final TDClient client;
    private final Retrier retrier;
    private final SecretMasker masker;
    private final long maxRetryWaitMillis;

    public TdApi(TDClient client, Retrier retrier, SecretMasker masker, long maxRetryWaitMillis) {
        this.client = client;
        this.retrier = retrier;
        this.masker = masker;
        this.maxRetryWaitMillis = maxRetryWaitMillis;
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    public boolean databaseExists(String database) {
        return read("look up database " + database, () -> client.existsDatabase(database));
    }

    /** The table, or empty when it or its database does not exist. */
    public Optional<TDTable> findTable(String database, String table) {
        return read("look up table " + database + "." + table, () -> {
            try {
                return Optional.of(client.showTable(database, table));
            } catch (RuntimeException e) {
                if (TdErrors.isNotFound(e)) {
                    return Optional.<TDTable>empty();
                }
                throw e;
            }
        });
    }

    public List<TDTable> listTables(String database) {
        return read("list the tables of " + database, () -> client.listTables(database));
    }

    public List<TDBulkImportSession> listSessions() {
        return read("list bulk-import sessions", client::listBulkImportSessions);
    }

    public TDBulkImportSession session(String name) {
        return read("show bulk-import session " + name, () -> client.getBulkImportSession(name));
    }

    public Optional<TDBulkImportSession> findSession(String name) {
        return read("show bulk-import session " + name, () -> {
            try {
                return Optional.of(client.getBulkImportSession(name));
            } catch (RuntimeException e) {
                if (TdErrors.isNotFound(e)) {
                    return Optional.<TDBulkImportSession>empty();
                }
                throw e;
            }
        });
    }

    public TDJobSummary jobStatus(String jobId) {
        return read("status of job " + jobId, () -> client.jobStatus(jobId));
    }

    public <R> R errorRecords(String session, Function<InputStream, R> reader) {
        return read("read the error records of " + session, () -> client.getBulkImportErrorRecords(session, reader));
    }

    /**
     * Whether the key may create, alter and rename: asks to create the database that exists, which a master key is
     * refused with 409 (it exists) and a write-only key with 403, so nothing is ever changed.
     */
    public boolean mayAlter(String existingDatabase) {
        return read("check the permissions of the API key", () -> {
            try {
                client.createDatabase(existingDatabase);
                throw new IllegalStateException("database " + existingDatabase + " was expected to exist");
            } catch (RuntimeException e) {
                if (TdErrors.isConflict(e)) {
                    return true;
                }
                if (TdErrors.isForbidden(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    // ---- changes ------------------------------------------------------------------------------------------------

    /** Creates the database; one that exists (made by a concurrent run, or by an attempt whose answer was lost) is fine. */
    public void createDatabase(String database) {
        change("create database " + database, () -> databaseExists(database), () -> {
            try {
                client.createDatabase(database);
            } catch (RuntimeException e) {
                if (!TdErrors.isConflict(e)) {
                    throw e;
                }
            }
        });
    }

    /** Creates a log table; one that exists is fine (see {@link #createDatabase}). */
    public void createTable(String database, String table) {
        change("create table " + database + "." + table, () -> findTable(database, table).isPresent(), () -> {
            try {
                client.createTable(database, table);
            } catch (RuntimeException e) {
                if (!TdErrors.isConflict(e)) {
                    throw e;
                }
            }
        });
    }

    public void updateSchema(String database, String table, List<TDColumn> columns) {
        change("set the schema of " + database + "." + table,
                () -> findTable(database, table).map(t -> t.getSchema().equals(columns)).orElse(false),
                () -> client.updateTableSchema(database, table, columns));
    }

    public void appendSchema(String database, String table, List<TDColumn> columns) {
        change("add columns to " + database + "." + table,
                () -> findTable(database, table).map(t -> hasColumns(t, columns)).orElse(false),
                () -> client.appendTableSchema(database, table, columns));
    }

    /** Renames {@code from} over {@code to} (overwriting it); done when {@code from} is gone and {@code to} exists. */
    public void renameOver(String database, String from, String to) {
        change("rename " + database + "." + from + " to " + to,
                () -> !findTable(database, from).isPresent() && findTable(database, to).isPresent(),
                () -> client.renameTable(database, from, to, true));
    }

    public void deleteTable(String database, String table) {
        change("delete table " + database + "." + table, () -> !findTable(database, table).isPresent(), () -> {
            try {
                client.deleteTable(database, table);
            } catch (RuntimeException e) {
                if (!TdErrors.isNotFound(e)) {
                    throw e;
                }
            }
        });
    }

    public void createSession(String name, String database, String table) {
        change("create bulk-import session " + name, () -> findSession(name).isPresent(), () -> {
            try {
                client.createBulkImportSession(name, database, table);
            } catch (RuntimeException e) {
                if (!TdErrors.isConflict(e)) {
                    throw e;
                }
            }
        });
    }

    /** Uploads one part; a part of the same name is replaced, so a repeated upload never duplicates records. */
    public void uploadPart(String session, String partName, File file) {
        retry("upload part " + partName + " of " + session, () -> {
            client.uploadBulkImportPart(session, partName, file);
            return null;
        });
    }

    public void freeze(String session) {
        change("freeze " + session, () -> session(session).isUploadFrozen(),
                () -> client.freezeBulkImportSession(session));
    }

    public void perform(String session, Optional<String> poolName) {
        change("perform " + session, () -> hasLeftUploading(session(session)),
                () -> client.performBulkImportSession(session, poolName));
    }

    public void commit(String session) {
        change("commit " + session, () -> {
            TDBulkImportSession.ImportStatus status = session(session).getStatus();
            return status == TDBulkImportSession.ImportStatus.COMMITTING
                    || status == TDBulkImportSession.ImportStatus.COMMITTED;
        }, () -> client.commitBulkImportSession(session));
    }

    public void deleteSession(String name) {
        change("delete bulk-import session " + name, () -> !findSession(name).isPresent(), () -> {
            try {
                client.deleteBulkImportSession(name);
            } catch (RuntimeException e) {
                if (!TdErrors.isNotFound(e)) {
                    throw e;
                }
            }
        });
    }

    public SecretMasker masker() {
        return masker;
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- mechanics ----------------------------------------------------------------------------------------------

    private static boolean hasLeftUploading(TDBulkImportSession s) {
        return s.getJobId() != null && !s.getJobId().isEmpty()
                && s.getStatus() != TDBulkImportSession.ImportStatus.UPLOADING;
    }

    private static boolean hasColumns(TDTable table, List<TDColumn> columns) {
        for (TDColumn c : columns) {
            boolean found = false;
            for (TDColumn existing : table.getSchema()) {
                if (existing.getName().equals(c.getName())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private <T> T read(String what, Callable<T> op) {
        return retry(what, op);
    }

    /**
     * Runs a change. A change may have been applied although its answer never came: on a retry, the state it was
     * meant to reach is read first and the change is not sent again when it is done. The HTTP client may also
     * resend a request by itself when a connection closes without an answer; then Treasure Data answers the second
     * copy with 409 or 404 (already frozen, already renamed, …), and that answer counts as done when the state
     * says so.
     */
    private void change(String what, BooleanSupplier done, Runnable op) {
        boolean[] attempted = {false};
        retry(what, () -> {
            if (attempted[0] && done.getAsBoolean()) {
                return null;
            }
            attempted[0] = true;
            try {
                op.run();
            } catch (RuntimeException e) {
                if ((TdErrors.isConflict(e) || TdErrors.isNotFound(e)) && done.getAsBoolean()) {
                    return null;
                }
                throw e;
            }
            return null;
        });
    }

    private <T> T retry(String what, Callable<T> op) {
        return retrier.run(what, () -> {
            try {
                return op.call();
            } catch (RuntimeException e) {
                if (TdErrors.isUnauthorized(e)) {
                    throw new ConfigException("Treasure Data refused the API key (401) while trying to " + what
                            + ": check option 'apikey' (and 'endpoint' or 'region': a key belongs to one region)");
                }
                waitAsAsked(e);
                throw e;
            }
        }, TdErrors::isTransient);
    }

    /** A 429 or 503 with Retry-After: wait what the server asked (at most the longest retry wait) before the retry. */
    private void waitAsAsked(RuntimeException e) {
        if (!TdErrors.isTransient(e)) {
            return;
        }
        Optional<Long> wait = TdErrors.retryAfterMillis(e);
        if (wait.isPresent() && wait.get() > 0) {
            try {
                Thread.sleep(Math.min(wait.get(), maxRetryWaitMillis));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
