package dev.bosun.task.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskProgress;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.internal.LogFeed;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The live tail of the task page (htmx SSE): event {@code line} carries the new log lines as
 * list items, in order (its id is the last line's number, so a reconnect resumes there); event
 * {@code progress} tells the task's status or steps changed (the page then refreshes its summary and steps);
 * {@code end} tells the task ended, and the stream closes.
 */
@Controller
class TaskStreamController {

    private final TaskQueries queries;
    private final LogFeed feed;
    private final Viewer viewer;
    private final SpringTemplateEngine templates;

    TaskStreamController(TaskQueries queries, LogFeed feed, Viewer viewer, SpringTemplateEngine templates) {
        this.queries = queries;
        this.feed = feed;
        this.viewer = viewer;
        this.templates = templates;
    }

    @GetMapping(value = "/tasks/{id}/stream", produces = "text/event-stream")
    ResponseEntity<SseEmitter> stream(@PathVariable long id, @RequestParam(defaultValue = "0") int after,
                      @RequestHeader(value = "Last-Event-ID", required = false) Integer lastEventId,
                      Authentication user) {
        if (!queries.visible(id, viewer.scope(user))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        SseEmitter emitter = new SseEmitter(0L);
        feed.follow(id, Math.max(after, lastEventId == null ? 0 : lastEventId), new SseSink(emitter, shown -> viewer.lines(user, shown)));
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").body(emitter);
    }

    String render(List<TaskLogLine> lines) {
        Context context = new Context();
        context.setVariables(Map.of("lines", lines));
        return templates.process("task/fragments", Set.of("lines"), context).strip();
    }

    private final class SseSink implements LogFeed.Follower {

        private final SseEmitter emitter;
        private final UnaryOperator<List<TaskLogLine>> view;

        SseSink(SseEmitter emitter, UnaryOperator<List<TaskLogLine>> view) {
            this.emitter = emitter;
            this.view = view;
        }

        /** The event's id is the last line read (shown or not), so a reconnect resumes after it. */
        @Override
        public void lines(List<TaskLogLine> lines) throws IOException {
            List<TaskLogLine> shown = view.apply(lines);
            if (!shown.isEmpty()) {
                emitter.send(SseEmitter.event().name("line").id(String.valueOf(lines.get(lines.size() - 1).seq()))
                        .data(render(shown)));
            }
        }

        @Override
        public void progress(TaskProgress progress) throws IOException {
            emitter.send(SseEmitter.event().name("progress").data(progress.status().name() + " " + progress.steps()));
        }

        @Override
        public void end(TaskStatus status) throws IOException {
            emitter.send(SseEmitter.event().name("end").data(status == null ? "GONE" : status.name()));
            emitter.complete();
        }

        @Override
        public void fail(Throwable failure) {
            emitter.completeWithError(failure);
        }
    }
}
