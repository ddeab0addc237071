import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.zip.GZIPOutputStream;

/**
 * The baseline's first half: java GzipLines.java LINES OUT.gz — gzips LINES with the JDK's GZIPOutputStream (default
 * level, as salesforce_dmp) and prints the seconds the compression took (reading and writing included, JVM start
 * and source compilation excluded).
 */
public class GzipLines {
    public static void main(String[] args) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(Paths.get(args[0]));
                OutputStream out = new GZIPOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(Paths.get(args[1])), 1 << 16), 1 << 16)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e9);
    }
}
