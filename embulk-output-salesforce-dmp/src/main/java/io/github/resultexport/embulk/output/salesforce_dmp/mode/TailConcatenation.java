package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import io.github.resultexport.embulk.output.salesforce_dmp.client.StagedObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The tasks' small ends read back from S3 one after another, as the body of one part. Each object is opened only
 * when the previous one is used up (and checked against what its task reported); every upload attempt starts over
 * from the first.
 */
final class TailConcatenation implements ContentStreamProvider {
    private final S3Bucket s3;
    private final List<StagedObject> tails;
    private InputStream current;

    TailConcatenation(S3Bucket s3, List<StagedObject> tails) {
        this.s3 = s3;
        this.tails = tails;
    }

    @Override
    public InputStream newStream() {
        closeCurrent();
        current = new SequenceInputStream(new Enumeration<InputStream>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < tails.size();
            }

            @Override
            public InputStream nextElement() {
                if (next >= tails.size()) {
                    throw new NoSuchElementException();
                }
                return s3.open(tails.get(next++));
            }
        });
        return current;
    }

    void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // an abandoned attempt's stream
            }
            current = null;
        }
    }
}
