package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.util.List;

/** Messages shared by the replace checks before loading and inside the final transaction. */
public final class ReplaceChecks {
    private ReplaceChecks() {
    }

    public static String viewsMessage(QualifiedName target, List<String> views) {
        return "mode replace would drop table " + target.display() + ", but views depend on it: "
                + String.join(", ", views) + ". Use mode truncate (keeps the table, its indexes and its views).";
    }
}
