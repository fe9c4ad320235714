package dev.bosun.task;

/** No handler runs this task type for this kind of target, so it cannot be queued. */
public class UnknownTaskTypeException extends IllegalArgumentException {

    public UnknownTaskTypeException(TargetType targetType, String type) {
        super("Bosun has no '" + type + "' task for a " + (targetType == null ? "target" : targetType.name().toLowerCase())
                + ".");
    }
}
