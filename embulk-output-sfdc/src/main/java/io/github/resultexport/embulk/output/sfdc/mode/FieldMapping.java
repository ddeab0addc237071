package io.github.resultexport.embulk.output.sfdc.mode;

import com.sforce.soap.partner.DescribeSObjectResult;
import com.sforce.soap.partner.Field;
import io.github.resultexport.embulk.output.sfdc.FieldPlan;
import io.github.resultexport.embulk.output.sfdc.PluginTask;
import io.github.resultexport.embulk.output.sfdc.PluginTask.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.embulk.config.ConfigException;
import org.embulk.spi.Column;
import org.embulk.spi.Schema;

/**
 * Matches every input column to a field of the object, from describe: a field API name (any case) or a relationship
 * form {@code Account.ExtId__c} over a reference field; checks the field can be written in the mode, and that
 * {@code unique} is an external id. Every mistake is a ConfigException naming the column and the closest field names,
 * before any job is made.
 */
public final class FieldMapping {
    private FieldMapping() {
    }

    public static List<FieldPlan> of(PluginTask task, Schema schema, DescribeSObjectResult object) {
        Mode mode = task.getMode();
        boolean upsert = mode == Mode.UPDATE && task.getUpsert();
        boolean updateOnly = mode == Mode.UPDATE && !task.getUpsert();
        List<FieldPlan> plans = new ArrayList<>();
        for (Column c : schema.getColumns()) {
            String name = c.getName();
            int dot = name.indexOf('.');
            if (dot > 0) {
                Field reference = byRelationship(object, name.substring(0, dot));
                if (reference == null) {
                    throw unknown(task, object, name, "no relationship named '" + name.substring(0, dot) + "'");
                }
                checkWritable(task, object, reference, name, upsert, updateOnly);
                plans.add(new FieldPlan(reference.getRelationshipName() + name.substring(dot), "string"));
                continue;
            }
            Field field = byName(object, name);
            if (field == null) {
                throw unknown(task, object, name, "no such field");
            }
            checkWritable(task, object, field, name, upsert, updateOnly);
            plans.add(new FieldPlan(field.getName(), field.getType().toString()));
        }
        if (mode == Mode.UPDATE) {
            String unique = task.getUnique().get();
            Field key = byName(object, unique);
            if (key == null) {
                throw new ConfigException("option 'unique': " + object.getName() + " has no field '" + unique
                        + "'; closest: " + closest(object, unique));
            }
            if (!key.isExternalId() && !key.isIdLookup()) {
                throw new ConfigException("option 'unique': field '" + key.getName() + "' of " + object.getName()
                        + " is not an external id; mark it External ID in Salesforce, or name one that is");
            }
            boolean inInput = schema.getColumns().stream().anyMatch(c -> c.getName().equalsIgnoreCase(key.getName()));
            if (!inInput) {
                throw new ConfigException("option 'unique' is '" + key.getName() + "', but the input has no such"
                        + " column: every row needs its key");
            }
        }
        return plans;
    }

    private static void checkWritable(PluginTask task, DescribeSObjectResult object, Field field, String column,
            boolean upsert, boolean updateOnly) {
        boolean isKey = task.getUnique().map(u -> u.equalsIgnoreCase(field.getName())).orElse(false);
        if (field.getName().equalsIgnoreCase("Id")) {
            throw new ConfigException("column '" + column + "': Id is assigned by Salesforce and cannot be sent in"
                    + " mode " + task.getMode() + "; drop the column");
        }
        boolean ok;
        String need;
        if (updateOnly) {
            ok = field.isUpdateable() || isKey;
            need = "updateable";
        } else if (upsert) {
            ok = field.isCreateable() || field.isUpdateable() || isKey;
            need = "createable or updateable";
        } else {
            ok = field.isCreateable();
            need = "createable";
        }
        if (!ok) {
            throw new ConfigException("column '" + column + "': field " + object.getName() + "." + field.getName()
                    + " is not " + need + " for this user; drop the column or grant field access");
        }
    }

    private static Field byName(DescribeSObjectResult object, String name) {
        for (Field f : object.getFields()) {
            if (f.getName().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    private static Field byRelationship(DescribeSObjectResult object, String relationship) {
        for (Field f : object.getFields()) {
            if (f.getRelationshipName() != null && f.getRelationshipName().equalsIgnoreCase(relationship)) {
                return f;
            }
        }
        return null;
    }

    private static ConfigException unknown(PluginTask task, DescribeSObjectResult object, String column,
            String why) {
        return new ConfigException("column '" + column + "' is not a field of " + object.getName() + " (" + why
                + "); the closest fields: " + closest(object, column) + ". Rename the column to the field's API"
                + " name (e.g. with the rename filter)");
    }

    static String closest(DescribeSObjectResult object, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return java.util.Arrays.stream(object.getFields()).map(Field::getName)
                .sorted(Comparator.comparingInt(f -> distance(lower, f.toLowerCase(Locale.ROOT))))
                .limit(3).collect(Collectors.joining(", "));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
