package io.github.resultexport.embulk.output.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.embulk.config.ConfigException;

/**
 * Splits a result URL into its raw parts, then maps them onto options as its {@link ResultUrlScheme} says.
 *
 * <p>Everything before the <em>last</em> {@code @} is user info, so a password or secret key may hold {@code /},
 * {@code ?}, {@code #}, {@code :} or {@code @} as is; an {@code @} in the path or the query must be written
 * {@code %40}. Every error message quotes the URL only in its masked form.
 */
final class ResultUrlParser {
    private static final Pattern SCHEME_SYNTAX = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}");
    private static final Pattern HOST_SYNTAX = Pattern.compile("[A-Za-z0-9._~%!$&'()*+,;=-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
    private static final String MASK = SecretMasker.MASK;

    private final ResultUrlScheme scheme;
    private final String userInfo;
    private final String hostPort;
    private final String path;
    private final String query;
    private final String masked;

    private final Map<String, Object> options = new LinkedHashMap<>();
    private final List<String> rawSecrets = new ArrayList<>();

    private ResultUrlParser(ResultUrlScheme scheme, String rest) {
        this.scheme = scheme;
        int at = rest.lastIndexOf('@');
        this.userInfo = at < 0 ? null : rest.substring(0, at);
        String afterUserInfo = at < 0 ? rest : rest.substring(at + 1);
        int questionMark = afterUserInfo.indexOf('?');
        String beforeQuery = questionMark < 0 ? afterUserInfo : afterUserInfo.substring(0, questionMark);
        this.query = questionMark < 0 ? null : afterUserInfo.substring(questionMark + 1);
        int slash = beforeQuery.indexOf('/');
        this.hostPort = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        this.path = slash < 0 ? "" : beforeQuery.substring(slash);
        this.masked = maskedForm();
    }

    static ResultUrl parse(String url) {
        if (url == null || url.trim().isEmpty()) {
            throw new ConfigException("url is empty; expected a result url, one of: " + forms());
        }
        String text = url.trim();
        int separator = text.indexOf("://");
        if (separator < 0) {
            throw new ConfigException("url must start with '<scheme>://'; expected one of: " + forms());
        }
        String schemeText = text.substring(0, separator);
        ResultUrlScheme scheme = ResultUrlScheme.find(schemeText);
        if (scheme == null) {
            String shown = SCHEME_SYNTAX.matcher(schemeText).matches() ? " '" + schemeText + "'" : "";
            throw new ConfigException("unknown url scheme" + shown + "; supported schemes: "
                    + String.join(", ", ResultUrlScheme.names()));
        }
        return new ResultUrlParser(scheme, text.substring(separator + 3)).toResultUrl();
    }

    private ResultUrl toResultUrl() {
        if (scheme.atSignRequired() && userInfo == null) {
            // Without '@' an API key would be taken for the host: say so without quoting anything.
            throw new ConfigException("invalid " + scheme.schemeName() + " url: it needs '@' after the credentials, "
                    + "even when they come from the config; expected " + scheme.form());
        }
        if ((hostPort + path).indexOf('#') >= 0 || (query != null && query.indexOf('#') >= 0)) {
            throw invalid("'#' is allowed only in the user info; write it as %23 elsewhere");
        }
        readUserInfo();
        readHost();
        readPath();
        readQuery();
        return new ResultUrl(scheme.schemeName(), options, scheme.secretOption(), masked, rawSecrets);
    }

    private void readUserInfo() {
        if (userInfo == null || userInfo.isEmpty()) {
            return;
        }
        if (scheme.userOption() == null) {
            putSecret(scheme.secretOption(), userInfo);
            return;
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        if (!user.isEmpty()) {
            options.put(scheme.userOption(), decode(user, "the " + scheme.userOption()));
        }
        if (colon >= 0 && colon + 1 < userInfo.length()) {
            putSecret(scheme.secretOption(), userInfo.substring(colon + 1));
        }
    }

    private void putSecret(String option, String raw) {
        options.put(option, decode(raw, "the " + option));
        rawSecrets.add(raw);
    }

    private void readHost() {
        String hostName = scheme.hostOption().replace('_', ' ');
        if (hostPort.isEmpty()) {
            if (scheme.hostRequired()) {
                throw invalid("missing " + hostName + "; expected " + scheme.form());
            }
            return;
        }
        if (hostPort.startsWith("[")) {
            throw invalid("IPv6 address literals are not supported; use a host name");
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.isEmpty()) {
            throw invalid("missing " + hostName + " before the ':port'");
        }
        if (host.indexOf(':') >= 0) {
            throw invalid("the " + hostName + " contains ':'; only one ':port' may follow it");
        }
        if (!HOST_SYNTAX.matcher(host).matches()) {
            throw invalid("the " + hostName + " contains characters that a host name cannot hold");
        }
        String decodedHost = decode(host, "the " + hostName);
        Integer port = colon < 0 ? null : parsePort(hostPort.substring(colon + 1));
        switch (scheme.portStyle()) {
            case SEPARATE_OPTION:
                options.put(scheme.hostOption(), decodedHost);
                if (port != null) {
                    options.put("port", port);
                }
                break;
            case PART_OF_HOST:
                options.put(scheme.hostOption(), port == null ? decodedHost : decodedHost + ":" + port);
                break;
            case NOT_ALLOWED:
            default:
                if (port != null) {
                    throw invalid("a " + scheme.schemeName() + " url takes no port after the " + hostName);
                }
                options.put(scheme.hostOption(), decodedHost);
                break;
        }
    }

    private Integer parsePort(String text) {
        if (text.isEmpty()) {
            throw invalid("the port after ':' is empty");
        }
        if (DIGITS.matcher(text).matches()) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw invalid("the port must be a number from 1 to 65535");
    }

    private void readPath() {
        List<String> segments = new ArrayList<>();
        if (!path.isEmpty()) {
            String body = path.substring(1);
            if (body.endsWith("/")) {
                body = body.substring(0, body.length() - 1);
            }
            if (!body.isEmpty()) {
                Collections.addAll(segments, body.split("/", -1));
            }
        }
        List<String> names = scheme.pathOptions();
        if (segments.contains("")) {
            throw invalid("the path has an empty segment ('//'); expected " + scheme.form());
        }
        if (segments.size() > names.size()) {
            throw invalid(names.isEmpty()
                    ? "a " + scheme.schemeName() + " url takes no path; expected " + scheme.form()
                    : "too many path segments; expected " + scheme.form());
        }
        if (segments.size() < scheme.requiredPathSegments()) {
            throw invalid("missing " + names.get(segments.size()) + "; expected " + scheme.form());
        }
        for (int i = 0; i < segments.size(); i++) {
            options.put(names.get(i), decode(segments.get(i), "the " + names.get(i)));
        }
    }

    private void readQuery() {
        if (query == null) {
            return;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String piece : query.split("&", -1)) {
            if (piece.isEmpty()) {
                continue;
            }
            int equals = piece.indexOf('=');
            String name = decode(equals < 0 ? piece : piece.substring(0, equals), "a query parameter name");
            if (name.isEmpty()) {
                throw invalid("a query parameter has no name");
            }
            if (name.equals("url")) {
                throw invalid("a url cannot hold a 'url' parameter");
            }
            Object value = Boolean.TRUE;
            if (equals >= 0) {
                String raw = piece.substring(equals + 1);
                String text = decode(raw, "the value of query parameter '" + name + "'");
                if (ResultUrl.isSecretOptionName(name) && !raw.isEmpty()) {
                    rawSecrets.add(raw);
                }
                value = typed(text);
            }
            addParameter(parameters, name, value);
        }
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            Object fromParts = options.get(parameter.getKey());
            if (fromParts == null) {
                options.put(parameter.getKey(), parameter.getValue());
            } else if (!OptionText.of(fromParts).equals(OptionText.of(parameter.getValue()))) {
                throw invalid("option '" + parameter.getKey() + "' is given twice with different values");
            }
        }
    }

    private static void addParameter(Map<String, Object> parameters, String name, Object value) {
        Object previous = parameters.get(name);
        if (previous == null) {
            parameters.put(name, value);
        } else if (previous instanceof List) {
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) previous;
            values.add(value);
        } else {
            List<Object> values = new ArrayList<>();
            values.add(previous);
            values.add(value);
            parameters.put(name, values);
        }
    }

    private static Object typed(String value) {
        if (value.equals("true")) {
            return Boolean.TRUE;
        }
        if (value.equals("false")) {
            return Boolean.FALSE;
        }
        return value;
    }

    private String decode(String raw, String what) {
        try {
            return PercentEncoding.decode(raw);
        } catch (IllegalArgumentException e) {
            throw invalid("bad percent-encoding in " + what + ": " + e.getMessage());
        }
    }

    private ConfigException invalid(String problem) {
        return new ConfigException("invalid url '" + masked + "': " + problem);
    }

    private String maskedForm() {
        if (scheme.atSignRequired() && userInfo == null) {
            return scheme.schemeName() + "://" + MASK;
        }
        StringBuilder out = new StringBuilder(scheme.schemeName()).append("://");
        if (userInfo != null) {
            out.append(maskedUserInfo()).append('@').append(hostPort);
        } else {
            out.append(maskedCredentialLikeHostPort());
        }
        out.append(path);
        if (query != null) {
            out.append('?').append(maskedQuery());
        }
        return out.toString();
    }

    private String maskedUserInfo() {
        if (scheme.userOption() == null) {
            return userInfo.isEmpty() ? "" : MASK;
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0 || colon + 1 == userInfo.length()) {
            return userInfo;
        }
        return userInfo.substring(0, colon + 1) + MASK;
    }

    /** Without '@', {@code user:password/...} would show the password as a port: hide any port that is not a number. */
    private String maskedCredentialLikeHostPort() {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.startsWith("[") || DIGITS.matcher(hostPort.substring(colon + 1)).matches()) {
            return hostPort;
        }
        return hostPort.substring(0, colon + 1) + MASK;
    }

    private String maskedQuery() {
        List<String> pieces = new ArrayList<>();
        for (String piece : query.split("&", -1)) {
            int equals = piece.indexOf('=');
            if (equals < 0) {
                pieces.add(piece);
                continue;
            }
            String name;
            try {
                name = PercentEncoding.decode(piece.substring(0, equals));
            } catch (IllegalArgumentException e) {
                name = null;
            }
            boolean secret = name == null || ResultUrl.isSecretOptionName(name);
            pieces.add(secret ? piece.substring(0, equals + 1) + MASK : piece);
        }
        return String.join("&", pieces);
    }

    private static String forms() {
        List<String> forms = new ArrayList<>();
        for (ResultUrlScheme scheme : ResultUrlScheme.values()) {
            forms.add(scheme.form());
        }
        return String.join(", ", forms);
    }
}
