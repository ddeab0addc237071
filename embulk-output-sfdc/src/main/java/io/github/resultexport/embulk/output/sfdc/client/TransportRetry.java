package io.github.resultexport.embulk.output.sfdc.client;

import io.github.resultexport.embulk.output.common.RetryOptions;

/**
 * How calls to Salesforce are retried after a transport error, a 5xx answer or a busy server: 8 times, waiting from
 * half a second up to 30 s. ({@code retry} is another thing: how often failed rows are sent again.)
 */
public final class TransportRetry implements RetryOptions {
    public static final TransportRetry DEFAULT = new TransportRetry();

    private TransportRetry() {
    }

    @Override
    public int getRetryLimit() {
        return 8;
    }

    @Override
    public long getRetryInitialIntervalMillis() {
        return 500;
    }

    @Override
    public long getRetryMaxIntervalMillis() {
        return 30_000;
    }
}
