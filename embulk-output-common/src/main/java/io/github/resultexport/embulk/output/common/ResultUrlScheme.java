package io.github.resultexport.embulk.output.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** How each supported result URL scheme maps its parts onto plugin options. */
enum ResultUrlScheme {
    POSTGRESQL("postgresql", "postgresql://user:password@host[:port]/database[/table]",
            "user", "password", false, "host", true, PortStyle.SEPARATE_OPTION, 1, "database", "table"),
    TD("td", "td://APIKEY@host/database[/table] (or td://@/database/table)",
            null, "apikey", true, "endpoint", false, PortStyle.SEPARATE_OPTION, 1, "database", "table"),
    SFDC("sfdc", "sfdc://username:passwordTOKEN@hostname/object_name",
            "username", "password", false, "hostname", false, PortStyle.PART_OF_HOST, 0, "object"),
    SALESFORCE_DMP("salesforce-dmp", "salesforce-dmp://ACCESS_KEY_ID:SECRET@client-name",
            "aws_access_key_id", "aws_secret_access_key", false, "client_name", true, PortStyle.NOT_ALLOWED, 0);

    /** Where a {@code :port} after the host goes. */
    enum PortStyle {
        /** Into the integer option {@code port}. */
        SEPARATE_OPTION,
        /** Kept in the host option as {@code host:port}. */
        PART_OF_HOST,
        /** A port is a configuration mistake. */
        NOT_ALLOWED
    }

    private final String schemeName;
    private final String form;
    private final String userOption;
    private final String secretOption;
    private final boolean atSignRequired;
    private final String hostOption;
    private final boolean hostRequired;
    private final PortStyle portStyle;
    private final int requiredPathSegments;
    private final List<String> pathOptions;

    ResultUrlScheme(String schemeName, String form, String userOption, String secretOption, boolean atSignRequired,
            String hostOption, boolean hostRequired, PortStyle portStyle, int requiredPathSegments,
            String... pathOptions) {
        this.schemeName = schemeName;
        this.form = form;
        this.userOption = userOption;
        this.secretOption = secretOption;
        this.atSignRequired = atSignRequired;
        this.hostOption = hostOption;
        this.hostRequired = hostRequired;
        this.portStyle = portStyle;
        this.requiredPathSegments = requiredPathSegments;
        this.pathOptions = Collections.unmodifiableList(Arrays.asList(pathOptions));
    }

    static ResultUrlScheme find(String name) {
        for (ResultUrlScheme scheme : values()) {
            if (scheme.schemeName.equalsIgnoreCase(name)) {
                return scheme;
            }
        }
        return null;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ResultUrlScheme scheme : values()) {
            names.add(scheme.schemeName);
        }
        return names;
    }

    String schemeName() {
        return schemeName;
    }

    /** The documented shape, quoted in error messages. */
    String form() {
        return form;
    }

    /**
     * The option taking the part of the user info before the first {@code :}; {@code null} when the whole user
     * info is the secret (td's API key).
     */
    String userOption() {
        return userOption;
    }

    /** The option taking the secret part of the user info. */
    String secretOption() {
        return secretOption;
    }

    /**
     * Whether the URL must contain {@code @}. For td the API key sits before it; without it a key would be read as
     * the host and could surface in messages.
     */
    boolean atSignRequired() {
        return atSignRequired;
    }

    String hostOption() {
        return hostOption;
    }

    boolean hostRequired() {
        return hostRequired;
    }

    PortStyle portStyle() {
        return portStyle;
    }

    int requiredPathSegments() {
        return requiredPathSegments;
    }

    List<String> pathOptions() {
        return pathOptions;
    }
}
