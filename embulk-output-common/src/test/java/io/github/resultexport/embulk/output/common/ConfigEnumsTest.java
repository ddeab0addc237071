package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import org.embulk.config.ConfigException;
import org.junit.Test;

public class ConfigEnumsTest {
    enum Region {
        US, EU01, AP02
    }

    @Test
    public void parseIgnoresCaseAndSurroundingBlanks() {
        assertEquals(Region.EU01, ConfigEnums.parse(Region.class, "region", "eu01"));
        assertEquals(Region.EU01, ConfigEnums.parse(Region.class, "region", "EU01"));
        assertEquals(Region.AP02, ConfigEnums.parse(Region.class, "region", " Ap02 "));
    }

    @Test
    public void anUnknownValueNamesTheOptionAndTheAllowedValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEnums.parse(Region.class, "region", "mars"));

        assertEquals("option 'region' is 'mars'; allowed values: us, eu01, ap02", e.getMessage());
    }

    @Test
    public void aNullValueIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEnums.parse(Region.class, "time_value.mode", null));

        assertEquals("option 'time_value.mode' is 'null'; allowed values: us, eu01, ap02", e.getMessage());
    }

    @Test
    public void configNamesAreLowerCaseInDeclarationOrder() {
        assertEquals("eu01", ConfigEnums.configName(Region.EU01));
        assertEquals(Arrays.asList("us", "eu01", "ap02"), ConfigEnums.allowedValues(Region.class));
    }
}
