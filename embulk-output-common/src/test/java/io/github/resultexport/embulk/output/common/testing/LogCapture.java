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

    public LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
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
        logger.setLevel(Level.DEBUG);
    }

    @Override
    protected void after() {
        logger.detachAppender(appender);
        appender.stop();
    }

    /** The formatted messages captured so far at {@code level}. */
    public List<String> lines(Level level) {
        return appender.list.stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }
}
