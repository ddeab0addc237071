package io.github.resultexport.embulk.output.packaging;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory tree helpers. */
final class Tree {
    private Tree() {}

    static void delete(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Mirrors {@code source} into {@code target} with hard links (copies where links are not possible). */
    static void link(final Path source, final Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                final Path copy = target.resolve(source.relativize(file).toString());
                try {
                    Files.createLink(copy, file);
                } catch (final IOException | UnsupportedOperationException ex) {
                    Files.copy(file, copy);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
