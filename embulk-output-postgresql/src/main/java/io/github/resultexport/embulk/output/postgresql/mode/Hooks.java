package io.github.resultexport.embulk.output.postgresql.mode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The user's {@code before_load} / {@code after_load} SQL. */
final class Hooks {
    private final Optional<String> beforeLoad;
    private final Optional<String> afterLoad;

    Hooks(Optional<String> beforeLoad, Optional<String> afterLoad) {
        this.beforeLoad = beforeLoad;
        this.afterLoad = afterLoad;
    }

    void beforeLoad(Connection conn) throws SQLException {
        if (beforeLoad.isPresent()) {
            Sql.execute(conn, beforeLoad.get());
        }
    }

    void afterLoad(Connection conn) throws SQLException {
        if (afterLoad.isPresent()) {
            Sql.execute(conn, afterLoad.get());
        }
    }
}
