package dev.bosun.task.internal;

import java.util.function.Consumer;

import dev.bosun.task.JournalEntry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A journal entry as stored; {@code onMark} marks it done or kept (only for the step that recorded it). */
record RecordedEntry(long taskId, int seq, int stepSeq, String step, String kind, String what, Status status,
                     String dataJson, JsonMapper json, Consumer<Status> onMark) implements JournalEntry {

    @Override
    public <T> T data(Class<T> type) {
        try {
            return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(dataJson == null || dataJson.isBlank() ? "{}" : dataJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The journal entry " + seq + " (" + kind + ") does not read as "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void done() {
        mark(Status.DONE);
    }

    @Override
    public void keep() {
        mark(Status.KEPT);
    }

    private void mark(Status marked) {
        if (onMark == null) {
            throw new IllegalStateException("Only the step that recorded journal entry " + seq + " marks it "
                    + marked.name().toLowerCase());
        }
        onMark.accept(marked);
    }

    @Override
    public String toString() {
        return "journal entry " + seq + " (" + kind + ", " + status + "): " + what;
    }
}
