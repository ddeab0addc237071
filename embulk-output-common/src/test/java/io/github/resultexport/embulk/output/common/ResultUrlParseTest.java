package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every URL form of the product documents, and the variations users write, with the options each expands into. */
@RunWith(Parameterized.class)
public class ResultUrlParseTest {
    @Parameters(name = "{0}")
    public static List<Object[]> urls() {
        return Arrays.asList(new Object[][] {
            // result-output-postgresql.txt
            row("postgresql://user:password@host/database",
                    "postgresql", "postgresql://user:***@host/database",
                    "user", "user", "password", "password", "host", "host", "database", "database"),
            row("postgresql://user:password@host/database/table",
                    "postgresql", "postgresql://user:***@host/database/table",
                    "user", "user", "password", "password", "host", "host", "database", "database",
                    "table", "table"),
            row("postgresql://user:password@host/database/table?mode=append",
                    "postgresql", "postgresql://user:***@host/database/table?mode=append",
                    "user", "user", "password", "password", "host", "host", "database", "database",
                    "table", "table", "mode", "append"),
            row("postgresql://user:password@host/database/table?mode=replace",
                    "postgresql", "postgresql://user:***@host/database/table?mode=replace",
                    "user", "user", "password", "password", "host", "host", "database", "database",
                    "table", "table", "mode", "replace"),
            row("postgresql://user:password@host/database/table?mode=truncate",
                    "postgresql", "postgresql://user:***@host/database/table?mode=truncate",
                    "user", "user", "password", "password", "host", "host", "database", "database",
                    "table", "table", "mode", "truncate"),
            // result-output-td-table.txt, result-output-td-data-exchange.txt
            row("td://@/testdb", "td", "td://@/testdb", "database", "testdb"),
            row("td://@/testdb/output_table", "td", "td://@/testdb/output_table",
                    "database", "testdb", "table", "output_table"),
            row("td://@/testdb/output_table?mode=append", "td", "td://@/testdb/output_table?mode=append",
                    "database", "testdb", "table", "output_table", "mode", "append"),
            row("td://@/testdb/output_table?mode=replace", "td", "td://@/testdb/output_table?mode=replace",
                    "database", "testdb", "table", "output_table", "mode", "replace"),
            // result-output-sfdc.txt
            row("sfdc://", "sfdc", "sfdc://"),

            // Ports, %40 in user names, secrets with URL punctuation
            row("postgresql://app%40corp.example:pa%40ss@db.example.com:5433/sales/orders",
                    "postgresql", "postgresql://app%40corp.example:***@db.example.com:5433/sales/orders",
                    "user", "app@corp.example", "password", "pa@ss", "host", "db.example.com", "port", 5433,
                    "database", "sales", "table", "orders"),
            row("postgresql://user:p@ss/w?rd@127.0.0.1:5432/db",
                    "postgresql", "postgresql://user:***@127.0.0.1:5432/db",
                    "user", "user", "password", "p@ss/w?rd", "host", "127.0.0.1", "port", 5432, "database", "db"),
            row("postgresql://%E3%83%A6%E3%83%BC%E3%82%B6:pw@host/%E5%A3%B2%E4%B8%8A",
                    "postgresql", "postgresql://%E3%83%A6%E3%83%BC%E3%82%B6:***@host/%E5%A3%B2%E4%B8%8A",
                    "user", "ユーザ", "password", "pw", "host", "host", "database", "売上"),
            row("postgresql://reader@host/db", "postgresql", "postgresql://reader@host/db",
                    "user", "reader", "host", "host", "database", "db"),
            row("postgresql://host:6432/db/t", "postgresql", "postgresql://host:6432/db/t",
                    "host", "host", "port", 6432, "database", "db", "table", "t"),
            row("POSTGRESQL://user:pw@host/db", "postgresql", "postgresql://user:***@host/db",
                    "user", "user", "password", "pw", "host", "host", "database", "db"),
            row("td://1%2Fabcdef0123@api.treasuredata.co.jp/db/tbl?mode=replace",
                    "td", "td://***@api.treasuredata.co.jp/db/tbl?mode=replace",
                    "apikey", "1/abcdef0123", "endpoint", "api.treasuredata.co.jp", "database", "db",
                    "table", "tbl", "mode", "replace"),
            row("td://1/abcdef0123@api.eu01.treasuredata.com/db/tbl",
                    "td", "td://***@api.eu01.treasuredata.com/db/tbl",
                    "apikey", "1/abcdef0123", "endpoint", "api.eu01.treasuredata.com", "database", "db",
                    "table", "tbl"),
            row("td://KEY@localhost:8443/db/t", "td", "td://***@localhost:8443/db/t",
                    "apikey", "KEY", "endpoint", "localhost", "port", 8443, "database", "db", "table", "t"),
            row("sfdc://user%40example.com:PASSWORD7SMvicR9ojdPz0XLtlWi3Rtw@login.salesforce.com/ResultOutput__c",
                    "sfdc", "sfdc://user%40example.com:***@login.salesforce.com/ResultOutput__c",
                    "username", "user@example.com", "password", "PASSWORD7SMvicR9ojdPz0XLtlWi3Rtw",
                    "hostname", "login.salesforce.com", "object", "ResultOutput__c"),
            row("sfdc://user%40example.com:pw@127.0.0.1:8080/Account/",
                    "sfdc", "sfdc://user%40example.com:***@127.0.0.1:8080/Account/",
                    "username", "user@example.com", "password", "pw", "hostname", "127.0.0.1:8080",
                    "object", "Account"),
            row("sfdc://my.salesforce.com/Account?session_id=00Dxx!AQ&mode=append",
                    "sfdc", "sfdc://my.salesforce.com/Account?session_id=***&mode=append",
                    "hostname", "my.salesforce.com", "object", "Account", "session_id", "00Dxx!AQ",
                    "mode", "append"),
            row("salesforce-dmp://AKIAEXAMPLE:wJalr/XUtnFEMI+K7MDENG@client-treasure-data",
                    "salesforce-dmp", "salesforce-dmp://AKIAEXAMPLE:***@client-treasure-data",
                    "aws_access_key_id", "AKIAEXAMPLE", "aws_secret_access_key", "wJalr/XUtnFEMI+K7MDENG",
                    "client_name", "client-treasure-data"),

            // Repeated and boolean parameters
            row("postgresql://u:pw@h/db/t?mode=merge&merge_keys=id&merge_keys=day&schema=analytics",
                    "postgresql", "postgresql://u:***@h/db/t?mode=merge&merge_keys=id&merge_keys=day&schema=analytics",
                    "user", "u", "password", "pw", "host", "h", "database", "db", "table", "t", "mode", "merge",
                    "merge_keys", Arrays.asList("id", "day"), "schema", "analytics"),
            row("sfdc://u:pw@h/Obj?mode=truncate&hard_delete=true&upsert=false&dry_run&split_records=500&&",
                    "sfdc", "sfdc://u:***@h/Obj?mode=truncate&hard_delete=true&upsert=false&dry_run&split_records=500&&",
                    "username", "u", "password", "pw", "hostname", "h", "object", "Obj", "mode", "truncate",
                    "hard_delete", true, "upsert", false, "dry_run", true, "split_records", "500"),
            row("salesforce-dmp://AK:SECRET@client-x?append_to_date_folder=true&compression=none&path_template=a%2Fb%20c+d",
                    "salesforce-dmp",
                    "salesforce-dmp://AK:***@client-x?append_to_date_folder=true&compression=none&path_template=a%2Fb%20c+d",
                    "aws_access_key_id", "AK", "aws_secret_access_key", "SECRET", "client_name", "client-x",
                    "append_to_date_folder", true, "compression", "none", "path_template", "a/b c+d"),
            row("postgresql://u:pw@h/db/t?table=t&sslmode=verify-full",
                    "postgresql", "postgresql://u:***@h/db/t?table=t&sslmode=verify-full",
                    "user", "u", "password", "pw", "host", "h", "database", "db", "table", "t",
                    "sslmode", "verify-full"),
        });
    }

    private final String url;
    private final String scheme;
    private final String masked;
    private final Map<String, Object> options;

    public ResultUrlParseTest(String url, String scheme, String masked, Map<String, Object> options) {
        this.url = url;
        this.scheme = scheme;
        this.masked = masked;
        this.options = options;
    }

    @Test
    public void expandsIntoTheDocumentedOptions() {
        ResultUrl parsed = ResultUrl.parse(url);

        assertEquals(scheme, parsed.scheme());
        assertEquals(options, parsed.options());
        assertEquals("options keep URL order", new ArrayList<>(options.keySet()),
                new ArrayList<>(parsed.options().keySet()));
    }

    @Test
    public void toStringMasksTheSecrets() {
        assertEquals(masked, ResultUrl.parse(url).toString());
    }

    private static Object[] row(String url, String scheme, String masked, Object... keysAndValues) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Object[] {url, scheme, masked, options};
    }
}
