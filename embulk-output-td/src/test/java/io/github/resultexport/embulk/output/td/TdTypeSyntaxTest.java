package io.github.resultexport.embulk.output.td;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TdTypeSyntaxTest {
    @Test
    public void acceptsPrimitivesAndNestedContainers() {
        for (String type : new String[] {"int", "long", "float", "double", "string", "STRING",
                "array<string>", "map<string,long>", "map< string , array<map<long,double>> >"}) {
            assertTrue(type, TdTypeSyntax.isValid(type));
        }
    }

    @Test
    public void rejectsAnythingElse() {
        for (String type : new String[] {"", "varchar", "array", "array<>", "array<string", "map<string>",
                "map<string,long,long>", "array<string>>", "string string", "array<varchar>", "long[]", "boolean",
                "array<boolean>"}) {
            assertFalse(type, TdTypeSyntax.isValid(type));
        }
        assertFalse(TdTypeSyntax.isValid(null));
    }
}
