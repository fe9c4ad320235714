package dev.bosun.task.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.UnknownTaskTypeException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The handlers of this panel, keyed by target type and task type; feature modules add theirs as
 * beans. They are looked up on first use, since handlers may themselves use services that queue
 * tasks.
 */
@Component
public class TaskHandlers {

    private final ObjectProvider<TaskHandler> beans;
    private volatile Map<Key, TaskHandler> handlers;

    TaskHandlers(ObjectProvider<TaskHandler> beans) {
        this.beans = beans;
    }

    private Map<Key, TaskHandler> handlers() {
        Map<Key, TaskHandler> known = handlers;
        if (known == null) {
            known = index(beans.orderedStream().toList());
            handlers = known;
        }
        return known;
    }

    private static Map<Key, TaskHandler> index(List<TaskHandler> beans) {
        Map<Key, TaskHandler> handlers = new HashMap<>();
        for (TaskHandler handler : beans) {
            Key key = new Key(handler.targetType(), handler.type());
            TaskHandler previous = handlers.putIfAbsent(key, handler);
            if (previous != null) {
                throw new IllegalStateException("Two handlers for " + key + ": " + previous.getClass().getName()
                        + " and " + handler.getClass().getName());
            }
        }
        return handlers;
    }

    public Optional<TaskHandler> find(TargetType targetType, String type) {
        return Optional.ofNullable(handlers().get(new Key(targetType, type)));
    }

    public TaskHandler require(TargetType targetType, String type) {
        return find(targetType, type).orElseThrow(() -> new UnknownTaskTypeException(targetType, type));
    }

    /** The task types known here, for the filters of the task list. */
    public Set<String> types() {
        Set<String> types = new TreeSet<>();
        handlers().keySet().forEach(key -> types.add(key.type()));
        return types;
    }

    private record Key(TargetType targetType, String type) {
        @Override
        public String toString() {
            return targetType + " '" + type + "'";
        }
    }
}
