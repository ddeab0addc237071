package io.github.resultexport.embulk.output.salesforce_dmp.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ETag S3 gives an object completed from parts whose ETags are their MD5s: the MD5 of the concatenated binary
 * part MD5s, then {@code -} and the number of parts.
 */
final class MultipartEtag {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    private MultipartEtag() {
    }

    /** The ETag of an object made of {@code parts}; null when a part's ETag is not an MD5 (e.g. encrypted parts). */
    static String of(List<UploadedPart> parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (UploadedPart part : parts) {
                if (part.getEtag() == null || !MD5_HEX.matcher(part.getEtag()).matches()) {
                    return null;
                }
                md5.update(hexToBytes(part.getEtag()));
            }
            StringBuilder sb = new StringBuilder();
            for (byte b : md5.digest()) {
                sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
            }
            return sb.append('-').append(parts.size()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hexToBytes(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
