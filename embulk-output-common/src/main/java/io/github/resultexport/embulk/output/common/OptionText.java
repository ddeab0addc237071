package io.github.resultexport.embulk.output.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An option value as a list of texts, so that a value from a URL ({@code "5"}, {@code true}, a repeated parameter)
 * compares equal to the same value written in YAML ({@code 5}, {@code true}, {@code [a, b]}). A scalar is a list of
 * one.
 */
final class OptionText {
    private OptionText() {
    }

    static List<String> of(Object value) {
        if (value instanceof List) {
            List<String> texts = new ArrayList<>();
            for (Object element : (List<?>) value) {
                texts.add(String.valueOf(element));
            }
            return texts;
        }
        return Collections.singletonList(String.valueOf(value));
    }

    static List<String> of(JsonNode node) {
        if (node.isArray()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode element : node) {
                texts.add(scalarText(element));
            }
            return texts;
        }
        return Collections.singletonList(scalarText(node));
    }

    static String render(List<String> texts) {
        return texts.size() == 1 ? texts.get(0) : texts.toString();
    }

    private static String scalarText(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
