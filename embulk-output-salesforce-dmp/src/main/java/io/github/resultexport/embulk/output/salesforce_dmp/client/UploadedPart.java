package io.github.resultexport.embulk.output.salesforce_dmp.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One part of a multipart upload as it was uploaded: number, size, ETag and (when sent) CRC32 checksum. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class UploadedPart {
    private final int number;
    private final long size;
    private final String etag;
    private final String crc32;

    @JsonCreator
    public UploadedPart(@JsonProperty("number") int number,
                        @JsonProperty("size") long size,
                        @JsonProperty("etag") String etag,
                        @JsonProperty("crc32") String crc32) {
        this.number = number;
        this.size = size;
        this.etag = etag == null ? null : unquoted(etag);
        this.crc32 = crc32;
    }

    @JsonProperty("number")
    public int getNumber() {
        return number;
    }

    @JsonProperty("size")
    public long getSize() {
        return size;
    }

    /** The ETag without surrounding quotes. */
    @JsonProperty("etag")
    public String getEtag() {
        return etag;
    }

    /** The base64 CRC32 the part was uploaded with; null when uploads carry no checksums. */
    @JsonProperty("crc32")
    public String getCrc32() {
        return crc32;
    }

    static String unquoted(String etag) {
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            return e.substring(1, e.length() - 1);
        }
        return e;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof UploadedPart)) {
            return false;
        }
        UploadedPart p = (UploadedPart) other;
        return number == p.number && size == p.size && Objects.equals(etag, p.etag) && Objects.equals(crc32, p.crc32);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, size, etag, crc32);
    }

    @Override
    public String toString() {
        return "part " + number + " (" + size + " bytes, ETag " + etag + (crc32 == null ? "" : ", CRC32 " + crc32)
                + ")";
    }
}
