package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.embulk.config.ConfigException;
import org.junit.Test;

/**
 * Every URL in the product documents (the {@code shared/seeds} folder beside the repository, when present): the
 * result URLs parse, the web links are rejected as an unknown scheme.
 */
public class SeedUrlsTest {
    private static final Pattern URL_IN_TEXT = Pattern.compile("[a-z-]*://[^\\s]*");

    @Test
    public void everyUrlOfTheProductDocumentsIsHandled() throws IOException {
        Path seeds = findSeeds();
        assumeTrue("the product documents are not beside this checkout", seeds != null);

        Set<String> resultSchemes = new TreeSet<>();
        for (String url : urlsIn(seeds)) {
            String scheme = url.substring(0, url.indexOf("://"));
            if (scheme.startsWith("http")) {
                try {
                    ResultUrl.parse(url);
                    fail("a web link must not parse as a result url: " + url);
                } catch (ConfigException e) {
                    assertThat(e.getMessage(), containsString("unknown url scheme"));
                }
            } else {
                ResultUrl parsed = ResultUrl.parse(url);
                assertEquals(url, scheme, parsed.scheme());
                resultSchemes.add(scheme);
            }
        }
        assertTrue("found " + resultSchemes, resultSchemes.containsAll(java.util.Arrays.asList("postgresql", "td", "sfdc")));
    }

    private static Set<String> urlsIn(Path seeds) throws IOException {
        Set<String> urls = new TreeSet<>();
        try (Stream<Path> files = Files.list(seeds)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".txt"))::iterator) {
                Matcher matcher = URL_IN_TEXT.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                while (matcher.find()) {
                    // Shell quotes, Markdown parentheses and sentence ends surround the URLs in the documents.
                    urls.add(matcher.group().replaceAll("['\").,]+$", ""));
                }
            }
        }
        return urls;
    }

    private static Path findSeeds() {
        for (String candidate : new String[] {"../../shared/seeds", "../shared/seeds", "../../../shared/seeds"}) {
            Path path = Paths.get(candidate);
            if (Files.isDirectory(path)) {
                return path;
            }
        }
        return null;
    }
}
