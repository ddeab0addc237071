package io.github.resultexport.embulk.output.common;

import org.embulk.config.ConfigSource;
import org.embulk.config.TaskSource;
import org.embulk.util.config.ConfigMapper;
import org.embulk.util.config.ConfigMapperFactory;
import org.embulk.util.config.Task;
import org.embulk.util.config.TaskMapper;

/** The one {@link ConfigMapperFactory} of a plugin, with embulk-util-config's default modules. */
public final class ConfigMappers {
    private static final ConfigMapperFactory FACTORY = ConfigMapperFactory.builder().addDefaultModules().build();
    private static final ConfigMapper CONFIG_MAPPER = FACTORY.createConfigMapper();
    private static final TaskMapper TASK_MAPPER = FACTORY.createTaskMapper();

    private ConfigMappers() {
    }

    /** The shared factory; also creates empty {@code ConfigSource}s, {@code TaskReport}s and {@code ConfigDiff}s. */
    public static ConfigMapperFactory factory() {
        return FACTORY;
    }

    /**
     * Maps a configuration onto a task interface, applying defaults and validation.
     *
     * @throws org.embulk.config.ConfigException when an option is missing or has a wrong type
     */
    public static <T extends Task> T map(ConfigSource config, Class<T> taskType) {
        return CONFIG_MAPPER.map(config, taskType);
    }

    /** Loads a task back from the {@link TaskSource} that Embulk hands to each task. */
    public static <T extends Task> T load(TaskSource taskSource, Class<T> taskType) {
        return TASK_MAPPER.map(taskSource, taskType);
    }
}
