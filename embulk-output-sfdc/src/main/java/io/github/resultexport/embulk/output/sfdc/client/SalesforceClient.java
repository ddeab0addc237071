package io.github.resultexport.embulk.output.sfdc.client;

import com.sforce.async.BulkConnection;
import com.sforce.soap.partner.Connector;
import com.sforce.soap.partner.DescribeSObjectResult;
import com.sforce.soap.partner.PartnerConnection;
import com.sforce.soap.partner.QueryResult;
import com.sforce.soap.partner.fault.ApiFault;
import com.sforce.soap.partner.fault.ExceptionCode;
import com.sforce.soap.partner.fault.LoginFault;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.ConnectorConfig;
import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.sfdc.PluginTask;
import org.embulk.config.ConfigException;

/**
 * The run's or a task's way into Salesforce: logs in (password + security token through the partner SOAP API, or a
 * given session id), describes objects, queries, and opens Bulk connections with the current session. When the
 * session expires it logs in again (password authentication); with {@code session_id} it cannot, and says so.
 * Never calls {@code logout}: that would end the user's other sessions too. The session id joins the secrets masked
 * in every message.
 */
public final class SalesforceClient {
    private final PluginTask task;
    private final Retrier retrier;
    private volatile SecretMasker masker;
    private volatile Session session;

    public SalesforceClient(PluginTask task, Retrier retrier, SecretMasker masker) {
        this.task = task;
        this.retrier = retrier;
        this.masker = masker;
    }

    /** A client that starts from a session the transaction made. */
    public SalesforceClient(PluginTask task, Retrier retrier, SecretMasker masker, Session session) {
        this(task, retrier, masker);
        adopt(session);
    }

    /** Logs in (or adopts {@code session_id}) unless a session is there; fails at once on a refused login. */
    public synchronized Session session() {
        if (session == null) {
            adopt(newSession());
        }
        return session;
    }

    /**
     * The session that replaces {@code expired}: a new login with the password, unless another thread already made
     * one. With {@code session_id} authentication there is no way to log in again: fails, saying so.
     */
    public synchronized Session renew(Session expired) {
        if (session != null && session != expired) {
            return session;
        }
        if (task.getSessionId().isPresent()) {
            throw new SessionExpiredException("the Salesforce session given in 'session_id' expired or was ended"
                    + " during the run; give a fresh session id, or log in with username, password and"
                    + " security_token so the plugin can log in again by itself");
        }
        adopt(newSession());
        return session;
    }

    public SecretMasker masker() {
        return masker;
    }

    public Retrier retrier() {
        return retrier;
    }

    public PluginTask task() {
        return task;
    }

    public DescribeSObjectResult describe(String object) {
        return withPartner("describe " + object, conn -> {
            try {
                return conn.describeSObject(object);
            } catch (ApiFault fault) {
                if (fault.getExceptionCode() == ExceptionCode.INVALID_TYPE) {
                    throw new ConfigException("option 'object': Salesforce has no object '" + object + "' this user"
                            + " can see (" + fault.getExceptionMessage() + "); use the API name, e.g. Account or"
                            + " ResultOutput__c");
                }
                throw fault;
            }
        });
    }

    /** Runs a SOQL query through the SOAP API, every page. */
    public void query(String soql, java.util.function.Consumer<com.sforce.soap.partner.sobject.SObject> each) {
        withPartner("query " + task.getObject(), conn -> {
            QueryResult result = conn.query(soql);
            while (true) {
                for (com.sforce.soap.partner.sobject.SObject record : result.getRecords()) {
                    each.accept(record);
                }
                if (result.isDone()) {
                    return null;
                }
                result = conn.queryMore(result.getQueryLocator());
            }
        });
    }

    /** A Bulk connection with the current session. */
    public BulkConnection bulk(Session s) {
        ConnectorConfig config = Connections.config(task);
        config.setSessionId(s.sessionId());
        config.setRestEndpoint(s.bulkEndpoint(task.getApiVersion()));
        config.setTransport(FastGzipTransport.class);
        try {
            return new BulkConnection(config);
        } catch (com.sforce.async.AsyncApiException e) {
            throw masker.sanitize(e);
        }
    }

    private interface PartnerCall<T> {
        T call(PartnerConnection conn) throws ConnectionException;
    }

    private <T> T withPartner(String what, PartnerCall<T> call) {
        return retrier.run(what, () -> {
            Session s = session();
            try {
                return call.call(partner(s));
            } catch (ConnectionException e) {
                if (SalesforceErrors.isSessionExpired(e)) {
                    renew(s);
                    throw new SessionRenewedException(e);
                }
                throw e;
            }
        }, t -> t instanceof SessionRenewedException || SalesforceErrors.isTransient(t));
    }

    private PartnerConnection partner(Session s) throws ConnectionException {
        ConnectorConfig config = Connections.config(task);
        config.setSessionId(s.sessionId());
        config.setServiceEndpoint(s.serverUrl());
        config.setManualLogin(true);
        return Connector.newConnection(config);
    }

    private Session newSession() {
        if (task.getSessionId().isPresent()) {
            return new Session(Connections.soapEndpoint(task), task.getSessionId().get().reveal());
        }
        String username = task.getUsername().get();
        String password = task.getPassword().get().reveal()
                + task.getSecurityToken().map(t -> t.reveal()).orElse("");
        return retrier.run("log in to Salesforce as " + username, () -> {
            ConnectorConfig config = Connections.config(task);
            config.setManualLogin(true);
            config.setAuthEndpoint(Connections.soapEndpoint(task));
            config.setServiceEndpoint(Connections.soapEndpoint(task));
            PartnerConnection conn = Connector.newConnection(config);
            try {
                com.sforce.soap.partner.LoginResult result = conn.login(username, password);
                return new Session(result.getServerUrl(), result.getSessionId());
            } catch (LoginFault fault) {
                throw new ConfigException("Salesforce refused the login of user '" + username + "' at "
                        + task.getLoginBaseUrl().get() + " (" + fault.getExceptionCode() + "): check 'username',"
                        + " 'password' and 'security_token' (the token is appended to the password), and"
                        + " 'hostname' (test.salesforce.com for a sandbox)");
            }
        }, SalesforceErrors::isTransient);
    }

    private void adopt(Session s) {
        this.session = s;
        this.masker = masker.with(s.sessionId());
    }

    /** The session expired and a new one was made: the call is repeated with it. */
    static final class SessionRenewedException extends RuntimeException {
        SessionRenewedException(Throwable cause) {
            super("the Salesforce session expired; logged in again", cause);
        }
    }

    /** The session expired and cannot be renewed. */
    public static final class SessionExpiredException extends RuntimeException {
        SessionExpiredException(String message) {
            super(message);
        }
    }
}
