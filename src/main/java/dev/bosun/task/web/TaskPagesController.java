package dev.bosun.task.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskFilter;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskScope;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStateException;
import dev.bosun.task.TaskStatus;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The task pages: the list with filters and paging, one task with steps and live log, retry and cancel. */
@Controller
class TaskPagesController {

    static final int RECENT_TASKS = 10;
    /** The lines a task page opens with (the end of the log), and those each "earlier lines" click adds. */
    static final int LINES_ON_PAGE = 1000;

    private final TaskQueries queries;
    private final TaskService tasks;
    private final Viewer viewer;

    TaskPagesController(TaskQueries queries, TaskService tasks, Viewer viewer) {
        this.queries = queries;
        this.tasks = tasks;
        this.viewer = viewer;
    }

    @GetMapping("/tasks")
    String list(@RequestParam(required = false) TaskStatus status, @RequestParam(required = false) String type,
                @RequestParam(required = false) String site, @RequestParam(required = false) Long siteId,
                @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Long before,
                @RequestParam(required = false) Long after, @RequestParam(defaultValue = "false") boolean oldest,
                Authentication user, Model model) {
        TaskScope scope = viewer.scope(user);
        TaskFilter filter = new TaskFilter(status, type, siteId, site, page, TaskFilter.DEFAULT_SIZE, before, after,
                oldest);
        model.addAttribute("queue", queries.queueOverview(RECENT_TASKS, scope));
        model.addAttribute("filter", filter);
        model.addAttribute("page", queries.page(filter, scope));
        model.addAttribute("statuses", TaskStatus.values());
        model.addAttribute("types", queries.types());
        return "task/list";
    }

    @GetMapping("/tasks/{id}")
    String show(@PathVariable long id, Authentication user, Model model) {
        TaskDetails task = visibleTask(id, user);
        int lastSeq = addLog(id, user, model);
        addSummary(task, user, model);
        model.addAttribute("streamUrl", task.status().isOpen() ? "/tasks/" + id + "/stream?after=" + lastSeq : null);
        return "task/show";
    }

    /** The summary and steps, refreshed when the live tail reports progress or the end. */
    @GetMapping("/tasks/{id}/summary")
    String summary(@PathVariable long id, Authentication user, Model model) {
        addSummary(visibleTask(id, user), user, model);
        return "task/fragments :: taskSummary";
    }

    /** The log folded by step, fetched again when the live tail reports the end. */
    @GetMapping("/tasks/{id}/log-folds")
    String logFolds(@PathVariable long id, Authentication user, Model model) {
        model.addAttribute("task", viewer.details(user, visibleTask(id, user)));
        addLog(id, user, model);
        model.addAttribute("streamUrl", null);
        return "task/fragments :: log";
    }

    private void addSummary(TaskDetails task, Authentication user, Model model) {
        model.addAttribute("task", viewer.details(user, task));
        model.addAttribute("stepLevels", queries.stepLevels(task.id()));
        // What the journal names (databases, folders, servers) is for staff; client users see the steps.
        model.addAttribute("journal", viewer.mayAct(user) ? queries.journal(task.id()) : List.of());
        model.addAttribute("mayAct", viewer.mayAct(user));
    }

    /** The end of the log, folded by step; answers the number of the last line shown. */
    private int addLog(long id, Authentication user, Model model) {
        List<TaskLogLine> read = queries.logBefore(id, Integer.MAX_VALUE, LINES_ON_PAGE);
        addLines(read, user, model);
        return read.isEmpty() ? 0 : read.get(read.size() - 1).seq();
    }

    /** The lines before line {@code before}, folded by step, with a link to those before them (htmx). */
    @GetMapping("/tasks/{id}/log-earlier")
    String logEarlier(@PathVariable long id, @RequestParam(defaultValue = "2147483647") int before, Authentication user,
                      Model model) {
        model.addAttribute("task", viewer.details(user, visibleTask(id, user)));
        addLines(queries.logBefore(id, before, LINES_ON_PAGE), user, model);
        return "task/fragments :: earlier";
    }

    /** The lines as folds, and where the earlier lines end when some were left out (else null). */
    private void addLines(List<TaskLogLine> read, Authentication user, Model model) {
        List<TaskLogLine> lines = viewer.lines(user, read);
        model.addAttribute("lines", lines);
        model.addAttribute("folds", LogGroup.of(lines));
        boolean more = read.size() == LINES_ON_PAGE && read.get(0).seq() > 1;
        model.addAttribute("earlierBefore", more ? read.get(0).seq() : null);
    }

    /** The whole log as plain text, streamed: a file to keep or search (the page shows its end). */
    @GetMapping(value = "/tasks/{id}/log.txt", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<StreamingResponseBody> download(@PathVariable long id, Authentication user) {
        visibleTask(id, user);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("task-" + id + ".log").build().toString())
                .body(LogText.of(queries, id, shown -> viewer.lines(user, shown)));
    }

    @PostMapping("/tasks/{id}/retry")
    String retry(@PathVariable long id, Authentication user, RedirectAttributes redirect) {
        requireActor(id, user);
        try {
            QueuedTask queued = tasks.retry(id);
            redirect.addFlashAttribute("flash", queued.created()
                    ? "Retry queued as task " + queued.task().id() + "."
                    : "Task " + queued.task().id() + " of this type is already " + queued.task().status().name()
                    .toLowerCase() + "; showing it.");
            return "redirect:/tasks/" + queued.task().id();
        } catch (TaskStateException e) {
            redirect.addFlashAttribute("flash", e.getMessage());
            return "redirect:/tasks/" + id;
        }
    }

    @PostMapping("/tasks/{id}/cancel")
    String cancel(@PathVariable long id, Authentication user, RedirectAttributes redirect) {
        requireActor(id, user);
        try {
            tasks.cancel(id);
            redirect.addFlashAttribute("flash", "Task " + id + " was cancelled.");
        } catch (TaskStateException e) {
            redirect.addFlashAttribute("flash", e.getMessage());
        }
        return "redirect:/tasks/" + id;
    }

    private TaskDetails visibleTask(long id, Authentication user) {
        return queries.find(id, viewer.scope(user))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private void requireActor(long id, Authentication user) {
        visibleTask(id, user);
        if (!viewer.mayAct(user)) {
            throw new AccessDeniedException("Only administrators and operators retry or cancel tasks.");
        }
    }
}
