package io.github.resultexport.embulk.output.common.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.rules.ExternalResource;
import org.slf4j.LoggerFactory;

/**
 * Captures what is logged to one logger: as a JUnit rule for a whole test, or around one piece of code with
 * {@link #eventsOf(Class, Runnable)}.
 */
public final class LogCapture extends ExternalResource {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level levelBefore;

    public LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    }

    /** Captures every logger (the root), from every thread. */
    public LogCapture() {
        this(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The events logged to the logger of {@code loggerClass} while {@code body} runs. */
    public static List<ILoggingEvent> eventsOf(Class<?> loggerClass, Runnable body) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerClass);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            body.run();
        } finally {
            logger.detachAppender(appender);
        }
        return new ArrayList<>(appender.list);
    }

    /** The captured logger, to hand to the code under test. */
    public org.slf4j.Logger logger() {
        return logger;
    }

    @Override
    protected void before() {
        appender.start();
        logger.addAppender(appender);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
    }

    @Override
    protected void after() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(levelBefore);
    }

    /** The formatted messages captured so far at {@code level}. */
    public List<String> lines(Level level) {
        return events().stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }

    /** The captured lines ({@code LEVEL logger - message}) that contain {@code text}. */
    public List<String> linesContaining(String text) {
        return events().stream()
                .map(event -> event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage())
                .filter(line -> line.contains(text))
                .collect(Collectors.toList());
    }

    /** Every event captured so far, with its throwable. */
    public List<ILoggingEvent> events() {
        // AppenderBase appends under the appender's lock; read under it too, as tasks log from other threads.
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }
}
