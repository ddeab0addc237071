package io.github.resultexport.embulk.output.salesforce_dmp.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A temporary object a task uploaded: key, size and ETag, so the transaction can check it before using it. */
public final class StagedObject {
    private final String key;
    private final long size;
    private final String etag;

    @JsonCreator
    public StagedObject(@JsonProperty("key") String key,
                        @JsonProperty("size") long size,
                        @JsonProperty("etag") String etag) {
        this.key = key;
        this.size = size;
        this.etag = UploadedPart.unquoted(etag);
    }

    @JsonProperty("key")
    public String getKey() {
        return key;
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

    @Override
    public String toString() {
        return key + " (" + size + " bytes, ETag " + etag + ")";
    }
}
