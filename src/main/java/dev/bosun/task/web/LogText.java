package dev.bosun.task.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskQueries;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A task's whole log as plain text, one line per entry, streamed: read in batches by line number (keyset), each
 * batch written out before the next is read, so no log is held in memory whole, however long.
 */
final class LogText {

    static final int BATCH = 2000;

    private LogText() {
    }

    static StreamingResponseBody of(TaskQueries queries, long taskId, UnaryOperator<List<TaskLogLine>> view) {
        return out -> write(queries, taskId, view, out);
    }

    static void write(TaskQueries queries, long taskId, UnaryOperator<List<TaskLogLine>> view, OutputStream out)
            throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        int after = 0;
        List<TaskLogLine> lines;
        while (!(lines = queries.log(taskId, after, BATCH)).isEmpty()) {
            for (TaskLogLine line : view.apply(lines)) {
                writer.write(line.toText());
                writer.write('\n');
            }
            writer.flush();
            after = lines.get(lines.size() - 1).seq();
        }
        writer.flush();
    }
}
