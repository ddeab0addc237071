package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import org.embulk.config.ConfigException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Malformed URLs: each is a ConfigException with a message that explains it and never shows the secret. */
@RunWith(Parameterized.class)
public class ResultUrlErrorTest {
    private static final String SECRET = "s3cr3t";

    @Parameters(name = "{0}")
    public static List<Object[]> urls() {
        return Arrays.asList(new Object[][] {
            {"", "url is empty"},
            {"   ", "url is empty"},
            {null, "url is empty"},
            {"user:s3cr3t@host/db", "url must start with '<scheme>://'"},
            {"mysql://user:s3cr3t@host/db", "unknown url scheme 'mysql'; supported schemes: postgresql, td, sfdc"},
            {"http://api.treasuredata.com", "unknown url scheme 'http'"},
            {"user:s3cr3t@host://x", "unknown url scheme;"},
            {"postgresql://user:s3cr3t@host", "missing database; expected postgresql://"},
            {"postgresql://user:s3cr3t@host/", "missing database"},
            {"postgresql://user:s3cr3t@/db/table", "missing host"},
            {"postgresql://user:s3cr3t@:5432/db", "missing host before the ':port'"},
            {"postgresql://user:s3cr3t@host:0/db", "the port must be a number from 1 to 65535"},
            {"postgresql://user:s3cr3t@host:65536/db", "the port must be a number from 1 to 65535"},
            {"postgresql://user:s3cr3t@host:54x2/db", "the port must be a number from 1 to 65535"},
            {"postgresql://user:s3cr3t@host:/db", "the port after ':' is empty"},
            {"postgresql://user:s3cr3t@host:1:2/db", "contains ':'"},
            {"postgresql://user:s3cr3t@[::1]:5432/db", "IPv6 address literals are not supported"},
            {"postgresql://user:s3cr3t@ho st/db", "contains characters that a host name cannot hold"},
            {"postgresql://user:s3cr3t@host/db/table/extra", "too many path segments"},
            {"postgresql://user:s3cr3t@host//table", "empty segment"},
            {"postgresql://us%zzer:s3cr3t@host/db", "bad percent-encoding in the user"},
            {"postgresql://user:s3cr3t%2@host/db", "bad percent-encoding in the password"},
            {"postgresql://user:s3cr3t%FF@host/db", "do not form UTF-8"},
            {"postgresql://user:s3cr3t@host/d%GGb", "bad percent-encoding in the database"},
            {"postgresql://user:s3cr3t@host/db?=x", "a query parameter has no name"},
            {"postgresql://user:s3cr3t@host/db?url=x", "cannot hold a 'url' parameter"},
            {"postgresql://user:s3cr3t@host/db#top", "'#' is allowed only in the user info"},
            {"postgresql://user:s3cr3t@host/db/t?database=other", "option 'database' is given twice"},
            {"postgresql://user:s3cr3t/db", "the port must be a number"},
            {"postgresql://user:s3cr3t?x/db", "the port must be a number"},
            {"td://s3cr3t/db/table", "needs '@' after the credentials"},
            {"td://1/s3cr3t/db/table", "needs '@' after the credentials"},
            {"td://s3cr3t@/", "missing database; expected td://"},
            {"td://s3cr3t@host/db/t/x", "too many path segments"},
            {"sfdc://user:s3cr3t@host/Account/Extra", "too many path segments"},
            {"sfdc://u:p@host/Obj?session_id=s3cr3t%zz", "bad percent-encoding in the value of query parameter"},
            {"sfdc://u:p@host/Obj?x%zz=s3cr3t", "bad percent-encoding in a query parameter name"},
            {"sfdc://u:s3cr3t@host/Obj?password=other", "option 'password' is given twice"},
            {"salesforce-dmp://AKID:s3cr3t@", "missing client name"},
            {"salesforce-dmp://AKID:s3cr3t@client-x:443", "takes no port"},
            {"salesforce-dmp://AKID:s3cr3t@client-x/uploads", "takes no path"},
        });
    }

    private final String url;
    private final String fragment;

    public ResultUrlErrorTest(String url, String fragment) {
        this.url = url;
        this.fragment = fragment;
    }

    @Test
    public void isAConfigExceptionThatHidesTheSecret() {
        try {
            ResultUrl.parse(url);
            fail("expected a ConfigException for " + url);
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString(fragment));
            assertThat(e.getMessage(), not(containsString(SECRET)));
            assertThat(e.toString(), not(containsString(SECRET)));
        }
    }
}
