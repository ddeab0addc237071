package io.github.resultexport.embulk.output.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.rules.ExternalResource;
import org.slf4j.LoggerFactory;

/** Captures the formatted lines logged to one logger during a test. */
final class LogCapture extends ExternalResource {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    }

    org.slf4j.Logger logger() {
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

    List<String> lines(Level level) {
        return appender.list.stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }
}
