package dev.bosun.web;

import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * API controllers answer errors as problem+json: Spring MVC's own (bad body, wrong method, …),
 * and invalid input as 422 with the fields and their messages in {@code errors}. A body of the wrong
 * shape (text for a number, a list for a text, …) is invalid input too, named by its path
 * ({@code aliases[0]}); a body too large answers 413, one that is not JSON 400.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    static final String INVALID = "The request has invalid fields; see errors.";

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidInputException e) {
        return unprocessable(e.violations().stream()
                .map(violation -> Map.of("field", violation.field(), "message", violation.message()))
                .toList());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        return ResponseEntity.unprocessableContent().body(unprocessable(errors).getBody());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (cause(e, ApiBodyLimit.BodyTooLargeException.class) != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONTENT_TOO_LARGE, ErrorPagesController.detail(HttpStatus.CONTENT_TOO_LARGE)));
        }
        MismatchedInputException mismatch = cause(e, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return ResponseEntity.unprocessableContent().body(unprocessable(List.of(Map.of("field", field,
                    "message", expected(mismatch.getTargetType())))).getBody());
        }
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not the JSON this call takes."));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "This value has the wrong type.";
        }
        if (type == String.class) {
            return "Must be text.";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "Must be true or false.";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "Must be a whole number.";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "Must be a number.";
        }
        if (type.isEnum()) {
            return "Must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ".";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "Must be a list.";
        }
        return "Must be an object.";
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> unprocessable(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, INVALID);
        problem.setProperty("errors", errors);
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
