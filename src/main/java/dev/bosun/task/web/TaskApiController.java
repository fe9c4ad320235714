package dev.bosun.task.web;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskAlreadyOpenException;
import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskFilter;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskNotFoundException;
import dev.bosun.task.TaskPage;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.internal.LogFeed;
import dev.bosun.task.TaskSummary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** {@code /api/v1/tasks}: list, show, log (with {@code ?follow=true} like {@code tail -f}), retry, cancel. */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskApiController {

    private static final MediaType TEXT = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

    private final TaskQueries queries;
    private final TaskService tasks;
    private final LogFeed feed;
    private final Viewer viewer;

    TaskApiController(TaskQueries queries, TaskService tasks, LogFeed feed, Viewer viewer) {
        this.queries = queries;
        this.tasks = tasks;
        this.feed = feed;
        this.viewer = viewer;
    }

    @GetMapping
    TaskPage list(@RequestParam(required = false) TaskStatus status, @RequestParam(required = false) String type,
                  @RequestParam(required = false) Long siteId, @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "50") int size, @RequestParam(required = false) Long before,
                  @RequestParam(required = false) Long after, @RequestParam(defaultValue = "false") boolean oldest,
                  Authentication user) {
        return queries.page(new TaskFilter(status, type, siteId, null, page, size, before, after, oldest),
                viewer.scope(user));
    }

    @GetMapping("/{id}")
    TaskDetails show(@PathVariable long id, Authentication user) {
        return viewer.details(user, queries.find(id, viewer.scope(user)).orElseThrow(() -> new TaskNotFoundException(id)));
    }

    /** The whole log as plain text, streamed in batches (never held whole). */
    @GetMapping(value = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<StreamingResponseBody> log(@PathVariable long id, Authentication user) {
        requireVisible(id, user);
        return ResponseEntity.ok().contentType(TEXT).body(LogText.of(queries, id, shown -> viewer.lines(user, shown)));
    }

    /** {@code ?follow=true}: the lines so far, then each new one as it is written, until the task ends. */
    @GetMapping(value = "/{id}/log", params = "follow=true", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<ResponseBodyEmitter> follow(@PathVariable long id, Authentication user) throws IOException {
        requireVisible(id, user);
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);
        // Nothing written yet flushes the headers at once: a follower of a queued task knows it is connected.
        emitter.send("", TEXT);
        feed.follow(id, 0, new TextSink(id, emitter, shown -> viewer.lines(user, shown)));
        return ResponseEntity.ok().contentType(TEXT).header("X-Accel-Buffering", "no").body(emitter);
    }

    private void requireVisible(long id, Authentication user) {
        if (!queries.visible(id, viewer.scope(user))) {
            throw new TaskNotFoundException(id);
        }
    }

    @PostMapping("/{id}/retry")
    ResponseEntity<TaskSummary> retry(@PathVariable long id, Authentication user) {
        requireActor(id, user);
        QueuedTask queued = tasks.retry(id);
        if (!queued.created()) {
            throw new TaskAlreadyOpenException(queued.task());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(queued.task());
    }

    @PostMapping("/{id}/cancel")
    TaskSummary cancel(@PathVariable long id, Authentication user) {
        requireActor(id, user);
        return tasks.cancel(id);
    }

    private void requireActor(long id, Authentication user) {
        if (!queries.visible(id, viewer.scope(user))) {
            throw new TaskNotFoundException(id);
        }
        if (!viewer.mayAct(user)) {
            throw new AccessDeniedException("Only administrators and operators retry or cancel tasks.");
        }
    }

    /** Plain text lines, then a last line saying how the task ended. */
    private record TextSink(long id, ResponseBodyEmitter emitter, UnaryOperator<List<TaskLogLine>> view)
            implements LogFeed.Follower {

        @Override
        public void lines(List<TaskLogLine> lines) throws IOException {
            StringBuilder text = new StringBuilder();
            view.apply(lines).forEach(line -> text.append(line.toText()).append('\n'));
            if (!text.isEmpty()) {
                emitter.send(text.toString(), TEXT);
            }
        }

        @Override
        public void end(TaskStatus status) throws IOException {
            emitter.send("-- task " + id + " ended: " + (status == null ? "gone" : status) + "\n", TEXT);
            emitter.complete();
        }

        @Override
        public void fail(Throwable failure) {
            emitter.completeWithError(failure);
        }
    }
}
