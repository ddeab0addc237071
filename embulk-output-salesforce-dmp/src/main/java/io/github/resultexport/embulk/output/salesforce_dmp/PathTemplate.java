package io.github.resultexport.embulk.output.salesforce_dmp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.embulk.config.ConfigException;

/**
 * A text with {@code {name}} placeholders, as in {@code path_template} and {@code file_name}. A brace is always a
 * placeholder delimiter: unbalanced or nested braces and unknown names are ConfigExceptions naming the option.
 */
final class PathTemplate {
    static final String CLIENT = "client";
    static final String DATE = "date";
    static final List<String> PLACEHOLDERS = Collections.unmodifiableList(Arrays.asList(CLIENT, DATE));

    private final String optionName;
    private final String template;
    private final List<String> used;

    private PathTemplate(String optionName, String template, List<String> used) {
        this.optionName = optionName;
        this.template = template;
        this.used = used;
    }

    /** Parses {@code template}, the value of option {@code optionName}. */
    static PathTemplate parse(String optionName, String template) {
        List<String> used = new ArrayList<>();
        int pos = 0;
        while (pos < template.length()) {
            int open = template.indexOf('{', pos);
            int close = template.indexOf('}', pos);
            if (open < 0 && close < 0) {
                break;
            }
            if (open < 0 || (close >= 0 && close < open)) {
                throw new ConfigException("option '" + optionName + "' has a '}' without '{': '" + template + "'");
            }
            int end = template.indexOf('}', open + 1);
            int nextOpen = template.indexOf('{', open + 1);
            if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
                throw new ConfigException("option '" + optionName + "' has a '{' without '}': '" + template + "'");
            }
            String name = template.substring(open + 1, end);
            if (!PLACEHOLDERS.contains(name)) {
                throw new ConfigException("option '" + optionName + "' has unknown placeholder '{" + name
                        + "}'; allowed placeholders: {client}, {date}");
            }
            used.add(name);
            pos = end + 1;
        }
        return new PathTemplate(optionName, template, Collections.unmodifiableList(used));
    }

    String optionName() {
        return optionName;
    }

    boolean uses(String placeholder) {
        return used.contains(placeholder);
    }

    /** The text with every placeholder replaced by its value in {@code values}. */
    String expand(Map<String, String> values) {
        String text = template;
        for (String name : used) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder {" + name + "} of " + optionName);
            }
            text = text.replace("{" + name + "}", value);
        }
        return text;
    }

    @Override
    public String toString() {
        return template;
    }
}
