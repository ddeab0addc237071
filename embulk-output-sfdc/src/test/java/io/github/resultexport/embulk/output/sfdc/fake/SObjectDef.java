package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An object (sObject type) the fake knows: its API name, 3-character key prefix (the first characters of its
 * record Ids) and fields. Every object has an {@code Id} field; names are matched case-insensitively, as Salesforce
 * does. {@code SObjectDef.named("ResultOutput__c", "a01").field(FieldDef.string("Name").required())}.
 */
public final class SObjectDef {
    final String name;
    final String keyPrefix;
    String label;
    private final Map<String, FieldDef> fields = new LinkedHashMap<>();

    private SObjectDef(String name, String keyPrefix) {
        this.name = Objects.requireNonNull(name);
        if (!keyPrefix.matches("[0-9A-Za-z]{3}")) {
            throw new IllegalArgumentException("a key prefix is 3 letters or digits: " + keyPrefix);
        }
        this.keyPrefix = keyPrefix;
        this.label = name.endsWith("__c") ? name.substring(0, name.length() - 3).replace('_', ' ') : name;
        FieldDef id = FieldDef.id();
        fields.put("id", id);
    }

    public static SObjectDef named(String name, String keyPrefix) {
        return new SObjectDef(name, keyPrefix);
    }

    public SObjectDef label(String label) {
        this.label = Objects.requireNonNull(label);
        return this;
    }

    public SObjectDef field(FieldDef field) {
        String key = field.name.toLowerCase(Locale.ROOT);
        if (fields.containsKey(key)) {
            throw new IllegalArgumentException("field " + field.name + " is defined twice");
        }
        fields.put(key, field);
        return this;
    }

    public String name() {
        return name;
    }

    FieldDef fieldOrNull(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    List<FieldDef> fields() {
        return Collections.unmodifiableList(new ArrayList<>(fields.values()));
    }

    /** The reference field whose relationshipName is {@code relationshipName} (case-insensitive), or null. */
    FieldDef relationshipOrNull(String relationshipName) {
        for (FieldDef f : fields.values()) {
            if (f.relationshipName != null && f.relationshipName.equalsIgnoreCase(relationshipName)) {
                return f;
            }
        }
        return null;
    }
}
