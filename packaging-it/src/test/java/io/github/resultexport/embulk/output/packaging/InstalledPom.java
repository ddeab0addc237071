package io.github.resultexport.embulk.output.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A pom as installed in a Maven repository, read the way Embulk reads a plugin's pom: its own elements only. */
final class InstalledPom {
    static final String OUR_GROUP = "io.github.resultexport";

    private final Document document;

    private InstalledPom(final Document document) {
        this.document = document;
    }

    static Path path(final Path m2, final String artifactId, final String version) {
        return path(m2, OUR_GROUP, artifactId, version).resolve(artifactId + "-" + version + ".pom");
    }

    /** The directory of one artifact version in a Maven repository layout. */
    static Path path(final Path m2, final String groupId, final String artifactId, final String version) {
        return m2.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
    }

    static InstalledPom read(final Path pom) throws Exception {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return new InstalledPom(factory.newDocumentBuilder().parse(pom.toFile()));
    }

    void write(final Path pom) throws Exception {
        final javax.xml.transform.Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(document), new StreamResult(pom.toFile()));
    }

    boolean hasParent() {
        return child(document.getDocumentElement(), "parent") != null;
    }

    /** The {@code <dependencies>} of the project itself (not of dependencyManagement or profiles). */
    List<Dependency> dependencies() {
        return dependenciesIn(child(document.getDocumentElement(), "dependencies"));
    }

    /** The {@code <dependencyManagement>} entries. */
    List<Dependency> managedDependencies() {
        return dependenciesIn(child(child(document.getDocumentElement(), "dependencyManagement"), "dependencies"));
    }

    Element dependencyElement(final String groupId, final String artifactId) {
        final Element dependencies = child(document.getDocumentElement(), "dependencies");
        for (final Element element : children(dependencies, "dependency")) {
            final Dependency dependency = Dependency.of(element);
            if (groupId.equals(dependency.groupId) && artifactId.equals(dependency.artifactId)) {
                return element;
            }
        }
        return null;
    }

    private static List<Dependency> dependenciesIn(final Element dependencies) {
        final List<Dependency> result = new ArrayList<>();
        for (final Element element : children(dependencies, "dependency")) {
            result.add(Dependency.of(element));
        }
        return result;
    }

    private static Element child(final Element parent, final String name) {
        final List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(final Element parent, final String name) {
        final List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && name.equals(node.getNodeName())) {
                result.add((Element) node);
            }
        }
        return result;
    }

    private static String text(final Element parent, final String name) {
        final Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }

    /** One {@code <dependency>} as written (no inheritance, no management applied). */
    static final class Dependency {
        final String groupId;
        final String artifactId;
        final String version;
        /** As written; null when absent. */
        final String scope;
        final String type;
        final String classifier;
        final boolean optional;

        private Dependency(final String groupId, final String artifactId, final String version, final String scope,
                final String type, final String classifier, final boolean optional) {
            this.groupId = groupId;
            this.artifactId = artifactId;
            this.version = version;
            this.scope = scope;
            this.type = type == null ? "jar" : type;
            this.classifier = classifier;
            this.optional = optional;
        }

        static Dependency of(final Element element) {
            return new Dependency(
                    text(element, "groupId"),
                    text(element, "artifactId"),
                    text(element, "version"),
                    text(element, "scope"),
                    text(element, "type"),
                    text(element, "classifier"),
                    "true".equals(text(element, "optional")));
        }

        String key() {
            return groupId + ":" + artifactId;
        }

        /** The file of this dependency in a Maven repository layout. */
        Path file(final Path m2) {
            final boolean testJar = "test-jar".equals(type);
            final String effectiveClassifier = testJar && (classifier == null || classifier.isEmpty()) ? "tests" : classifier;
            final String suffix = effectiveClassifier == null || effectiveClassifier.isEmpty() ? "" : "-" + effectiveClassifier;
            final String extension = testJar ? "jar" : type;
            return path(m2, groupId, artifactId, version)
                    .resolve(artifactId + "-" + version + suffix + "." + extension);
        }

        @Override
        public String toString() {
            return key() + ":" + version + (classifier == null ? "" : ":" + classifier)
                    + (scope == null ? "" : " (" + scope + ")");
        }
    }
}
