package dev.bosun.task;

/** One entry of a task's journal as the task page shows it: what a step changed and what became of it. */
public record TaskJournalLine(int seq, String step, String kind, String what, JournalEntry.Status status) {

    public boolean pointOfNoReturn() {
        return JournalEntry.POINT_OF_NO_RETURN.equals(kind);
    }
}
