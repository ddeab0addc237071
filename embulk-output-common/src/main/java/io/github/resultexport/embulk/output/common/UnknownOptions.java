package io.github.resultexport.embulk.output.common;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.embulk.config.ConfigSource;
import org.embulk.util.config.Config;
import org.slf4j.Logger;

/**
 * Finds configuration keys that a plugin does not declare. Embulk ignores such keys silently, so a typo like
 * {@code mdoe: replace} would run in the default mode; plugins warn about them instead.
 */
public final class UnknownOptions {
    private static final Set<String> ALWAYS_KNOWN = new HashSet<>(Arrays.asList("type", ResultUrl.URL_OPTION));
    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private UnknownOptions() {
    }

    /**
     * The keys of {@code config} that no {@code @Config("...")} method of {@code taskInterface} or its
     * super-interfaces declares, in config order; {@code type} and {@code url} are always known.
     */
    public static List<String> find(ConfigSource config, Class<?> taskInterface) {
        Set<String> known = declaredNames(taskInterface);
        List<String> unknown = new ArrayList<>();
        for (String key : config.getAttributeNames()) {
            if (!known.contains(key) && !ALWAYS_KNOWN.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /**
     * Logs one WARN line per unknown key, with the closest declared name when one is near:
     * {@code unknown option 'mdoe' (did you mean 'mode'?) is ignored}.
     */
    public static void warn(ConfigSource config, Class<?> taskInterface, Logger log) {
        Set<String> known = declaredNames(taskInterface);
        for (String key : find(config, taskInterface)) {
            String closest = closest(key, known);
            if (closest == null) {
                log.warn("unknown option '{}' is ignored", key);
            } else {
                log.warn("unknown option '{}' (did you mean '{}'?) is ignored", key, closest);
            }
        }
    }

    /** Every {@code @Config} name declared by {@code type} and its super-interfaces, sorted. */
    static Set<String> declaredNames(Class<?> type) {
        Set<String> names = new TreeSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            for (Method method : current.getDeclaredMethods()) {
                Config config = method.getAnnotation(Config.class);
                if (config != null) {
                    names.add(config.value());
                }
            }
            pending.addAll(Arrays.asList(current.getInterfaces()));
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
        }
        return names;
    }

    /**
     * The known name nearest to {@code key} by edit distance, if at most 3 edits away and fewer edits than
     * {@code key} has characters (so that {@code x} is not "corrected" into an unrelated short name).
     */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int distance = editDistance(key, name);
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return bestDistance <= MAX_SUGGESTION_DISTANCE && bestDistance < key.length() ? best : null;
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
