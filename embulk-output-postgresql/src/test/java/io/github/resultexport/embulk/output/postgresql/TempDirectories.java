package io.github.resultexport.embulk.output.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class TempDirectories {
    private TempDirectories() {
    }

    /** Removes {@code dir} and everything in it, as far as it can (symbolic links are removed, not followed). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: what is left is in the temporary directory
                }
            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }
}
