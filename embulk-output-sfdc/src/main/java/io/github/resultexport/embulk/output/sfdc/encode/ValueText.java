package io.github.resultexport.embulk.output.sfdc.encode;

import org.embulk.spi.PageReader;

/** The text Salesforce gets for one column's (non-null) value, chosen once per task from the column and its field. */
interface ValueText {
    /**
     * Appends the value's text.
     *
     * @throws RecordEncoder.InvalidValueException when the value cannot be sent
     */
    void append(PageReader reader, StringBuilder out);

    /** Whether the text may hold quotes or be long (strings, json): it is then checked and quoted as it is. */
    default boolean isFreeText() {
        return false;
    }

    default String of(PageReader reader) {
        StringBuilder out = new StringBuilder();
        append(reader, out);
        return out.toString();
    }

    /** A string or json value, which is taken as a whole. */
    interface FreeText extends ValueText {
        String text(PageReader reader);

        @Override
        default void append(PageReader reader, StringBuilder out) {
            out.append(text(reader));
        }

        @Override
        default boolean isFreeText() {
            return true;
        }

        @Override
        default String of(PageReader reader) {
            return text(reader);
        }
    }
}
