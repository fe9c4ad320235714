package dev.bosun.task.web;

import java.net.URI;

import dev.bosun.task.TaskNotFoundException;
import dev.bosun.task.TaskStateException;
import dev.bosun.task.UnknownTaskTypeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The task errors of every API controller as problem+json: 404 for a task the caller may not see,
 * 409 with the task for a state that does not allow the call (including an already open task), 422
 * for a task type nobody runs.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class TaskProblems {

    @ExceptionHandler(TaskNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(TaskNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @ExceptionHandler(TaskStateException.class)
    ResponseEntity<ProblemDetail> conflict(TaskStateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("task", e.task());
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(UnknownTaskTypeException.class)
    ResponseEntity<ProblemDetail> unknownType(UnknownTaskTypeException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), null);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, URI type) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            problem.setType(type);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
