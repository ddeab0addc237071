package io.github.resultexport.embulk.output.salesforce_dmp;

import java.util.ArrayList;
import java.util.List;

/** What a failed run's exception says, through Embulk's wrappers. */
final class Causes {
    private Causes() {
    }

    /** The messages of {@code t} and its causes, joined with {@code " / "}. */
    static String messages(Throwable t) {
        List<String> messages = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.add(String.valueOf(c.getMessage()));
        }
        return String.join(" / ", messages);
    }

    /** Whether {@code t} or one of its causes is a {@code type}. */
    static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
