package io.github.resultexport.embulk.output.postgresql;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.rules.ExternalResource;
import org.slf4j.LoggerFactory;

/** Records every log line of the test JVM ({@code LEVEL logger - message}) while a test runs. */
public final class LogCapture extends ExternalResource {
    private final List<String> lines = new ArrayList<>();
    private AppenderBase<ILoggingEvent> appender;

    @Override
    protected void before() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new AppenderBase<ILoggingEvent>() {
            @Override
            protected void append(ILoggingEvent event) {
                synchronized (lines) {
                    lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage());
                }
            }
        };
        appender.setContext(context);
        appender.setName("fault-test-capture");
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    protected void after() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }

    /** The lines recorded so far that contain {@code text}. */
    public List<String> linesContaining(String text) {
        List<String> found = new ArrayList<>();
        synchronized (lines) {
            for (String line : lines) {
                if (line.contains(text)) {
                    found.add(line);
                }
            }
        }
        return found;
    }
}
