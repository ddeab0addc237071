package io.github.resultexport.embulk.output.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.embulk.config.DataSource;

/**
 * Reads a {@link DataSource} as a Jackson tree of this class loader. Going through {@link DataSource#toJson()}
 * works both with Embulk's own implementation (whose Jackson classes live in another class loader) and with
 * embulk-util-config's.
 */
final class ConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigJson() {
    }

    static ObjectNode read(DataSource source) {
        try {
            JsonNode tree = MAPPER.readTree(source.toJson());
            if (tree instanceof ObjectNode) {
                return (ObjectNode) tree;
            }
            throw new IllegalStateException("the configuration is not a JSON object: " + source.getClass().getName());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the configuration as JSON", e);
        }
    }
}
