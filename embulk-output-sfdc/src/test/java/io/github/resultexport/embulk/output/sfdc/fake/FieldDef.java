package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.Objects;

/**
 * A field of a registered object, as describeSObject tells it. Built fluently:
 * {@code FieldDef.string("Name").length(80).required()}, {@code FieldDef.string("ExtId__c").externalId()},
 * {@code FieldDef.reference("Account__c", "Account", "Account__r")}.
 *
 * <p>A field is {@code required()} when it is not nillable, createable and not defaulted on create: an insert row
 * without a value for it fails {@code REQUIRED_FIELD_MISSING}. Booleans are never nillable (they default to false).
 */
public final class FieldDef {
    final String name;
    final FieldType type;
    String label;
    int length;
    boolean createable = true;
    boolean updateable = true;
    boolean nillable = true;
    boolean defaultedOnCreate;
    boolean externalId;
    boolean idLookup;
    boolean unique;
    String referenceTo;
    String relationshipName;

    private FieldDef(String name, FieldType type) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.label = name.endsWith("__c") ? name.substring(0, name.length() - 3).replace('_', ' ') : name;
        this.length = type == FieldType.STRING ? 255 : (type == FieldType.ID || type == FieldType.REFERENCE) ? 18 : 0;
        if (type == FieldType.BOOLEAN) {
            this.nillable = false;
            this.defaultedOnCreate = true;
        }
    }

    public static FieldDef of(String name, FieldType type) {
        if (type == FieldType.ID) {
            throw new IllegalArgumentException("every object has its Id field already");
        }
        if (type == FieldType.REFERENCE) {
            throw new IllegalArgumentException("use FieldDef.reference(name, referenceTo, relationshipName)");
        }
        return new FieldDef(name, type);
    }

    public static FieldDef string(String name) {
        return of(name, FieldType.STRING);
    }

    /** A lookup to {@code referenceTo}; CSV headers may use {@code <relationshipName>.<external id field>}. */
    public static FieldDef reference(String name, String referenceTo, String relationshipName) {
        FieldDef f = new FieldDef(name, FieldType.REFERENCE);
        f.referenceTo = Objects.requireNonNull(referenceTo);
        f.relationshipName = Objects.requireNonNull(relationshipName);
        return f;
    }

    static FieldDef id() {
        FieldDef f = new FieldDef("Id", FieldType.ID);
        f.label = "Record ID";
        f.createable = false;
        f.updateable = false;
        f.nillable = false;
        f.defaultedOnCreate = true;
        f.idLookup = true;
        return f;
    }

    public FieldDef label(String label) {
        this.label = Objects.requireNonNull(label);
        return this;
    }

    /** Maximum length of a string value (default 255). */
    public FieldDef length(int length) {
        if (type != FieldType.STRING) {
            throw new IllegalArgumentException("only string fields have a length");
        }
        this.length = length;
        return this;
    }

    /** Not nillable and not defaulted: an insert must give a value. */
    public FieldDef required() {
        this.nillable = false;
        this.defaultedOnCreate = false;
        return this;
    }

    public FieldDef notCreateable() {
        this.createable = false;
        return this;
    }

    public FieldDef notUpdateable() {
        this.updateable = false;
        return this;
    }

    /** Neither createable nor updateable (e.g. a formula). */
    public FieldDef readOnly() {
        return notCreateable().notUpdateable();
    }

    /** An External ID field (then also idLookup): usable as upsert key and in relationship columns. */
    public FieldDef externalId() {
        if (type != FieldType.STRING && type != FieldType.INT && type != FieldType.DOUBLE) {
            throw new IllegalArgumentException("external ids are text or number fields");
        }
        this.externalId = true;
        this.idLookup = true;
        return this;
    }

    /** A unique field (with {@link #externalId()}: a unique external id). */
    public FieldDef unique() {
        this.unique = true;
        return this;
    }

    boolean isRequiredOnCreate() {
        return !nillable && createable && !defaultedOnCreate;
    }
}
