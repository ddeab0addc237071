package io.github.resultexport.embulk.output.sfdc.encode;

import org.embulk.spi.PageReader;

/** The text Salesforce gets for one column's (non-null) value, chosen once per task from the column and its field. */
@FunctionalInterface
interface ValueText {
    /** @throws RecordEncoder.InvalidValueException when the value cannot be sent */
    String of(PageReader reader);
}
