package dev.bosun.web;

import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * API controllers answer errors as problem+json: Spring MVC's own (bad body, wrong method, …),
 * and invalid input as 422 with the fields and their messages in {@code errors}.
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

    private static ResponseEntity<ProblemDetail> unprocessable(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, INVALID);
        problem.setProperty("errors", errors);
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
