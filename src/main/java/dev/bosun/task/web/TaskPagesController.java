package dev.bosun.task.web;

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
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The task pages: the list with filters and paging, one task with steps and live log, retry and cancel. */
@Controller
class TaskPagesController {

    static final int RECENT_TASKS = 10;
    static final int MAX_LINES_ON_PAGE = 5000;

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
                @RequestParam(defaultValue = "0") int page, Authentication user, Model model) {
        TaskScope scope = viewer.scope(user);
        TaskFilter filter = new TaskFilter(status, type, siteId, site, page, TaskFilter.DEFAULT_SIZE);
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
        List<TaskLogLine> lines = queries.log(id, 0, MAX_LINES_ON_PAGE);
        model.addAttribute("task", viewer.details(user, task));
        model.addAttribute("lines", viewer.lines(user, lines));
        model.addAttribute("mayAct", viewer.mayAct(user));
        int lastSeq = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).seq();
        model.addAttribute("streamUrl", task.status().isOpen() ? "/tasks/" + id + "/stream?after=" + lastSeq : null);
        return "task/show";
    }

    /** The summary and steps, refreshed when the live tail reports the end. */
    @GetMapping("/tasks/{id}/summary")
    String summary(@PathVariable long id, Authentication user, Model model) {
        model.addAttribute("task", viewer.details(user, visibleTask(id, user)));
        model.addAttribute("mayAct", viewer.mayAct(user));
        return "task/fragments :: summary";
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
