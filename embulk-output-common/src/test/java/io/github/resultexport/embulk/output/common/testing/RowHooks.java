package io.github.resultexport.embulk.output.common.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic fault injection for the test input plugins: a test registers a {@link RowHook} under a name, and the
 * input (given that name and the rows in its config) flushes its page and calls the hook, in the task's thread, when
 * it reaches each of those rows. With one output task run in the input's thread ({@code exec: {min_output_tasks: 1,
 * max_threads: 1}}) the hook runs exactly when the output has processed every earlier row and nothing after.
 * {@link #blockForever} serves a child JVM that the test kills: it prints {@link #BLOCKED} and the row, then waits.
 */
public final class RowHooks {
    /** The line {@link #blockForever} prints once the output has processed every row before {@code row}. */
    public static final String BLOCKED = "INPUT BLOCKED AT ROW ";

    private static final Map<String, RowHook> HOOKS = new ConcurrentHashMap<>();

    private RowHooks() {
    }

    /** Called by the input at the rows it was given, in the task's thread. */
    public interface RowHook {
        void reached(long row) throws Exception;
    }

    /** Registers {@code hook} under {@code name} until the returned handle is closed. */
    public static AutoCloseable register(String name, RowHook hook) {
        if (HOOKS.putIfAbsent(name, hook) != null) {
            throw new IllegalStateException("an input hook named " + name + " is already registered");
        }
        return () -> HOOKS.remove(name);
    }

    /** Runs the hook registered under {@code name}; its failure fails the input task. */
    public static void call(String name, long row) {
        RowHook hook = HOOKS.get(name);
        if (hook == null) {
            throw new IllegalStateException("no input hook named " + name + " is registered");
        }
        try {
            hook.reached(row);
        } catch (Exception e) {
            throw new IllegalStateException("input hook " + name + " failed at row " + row, e);
        }
    }

    /** Prints {@link #BLOCKED} and {@code row}, then waits until the process is killed. */
    public static void blockForever(long row) {
        System.out.println(BLOCKED + row);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
