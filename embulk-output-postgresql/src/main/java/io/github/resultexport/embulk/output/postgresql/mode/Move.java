package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;

/** How a staged mode moves the staging table's rows into the target inside the final transaction. */
interface Move {
    long apply(Connection conn, TablePlan plan, QualifiedName staging) throws SQLException;

    String describe();
}
