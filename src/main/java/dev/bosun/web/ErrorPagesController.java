package dev.bosun.web;

import java.util.Map;

import dev.bosun.DatabaseUnreachable;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every error the servlet container sees: people get a page in the layout (403, 404, 500, or
 * a generic one), programs get {@code application/problem+json}. Never a stack trace. A failure
 * for want of the panel's database answers 503 and says so.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ErrorPagesController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPagesController.class);

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request) {
        HttpStatus status = status(request);
        logIfServerError(request, status);
        if (databaseUnreachable(request)) {
            return new ModelAndView("error", Map.of("status", status.value(), "error", DatabaseUnreachable.TITLE),
                    status);
        }
        String view = switch (status.value()) {
            case 403, 404, 500 -> "error/" + status.value();
            default -> "error";
        };
        return new ModelAndView(view, Map.of("status", status.value(), "error", status.getReasonPhrase()), status);
    }

    @RequestMapping
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        logIfServerError(request, status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
        if (databaseUnreachable(request)) {
            problem.setTitle(DatabaseUnreachable.TITLE);
            problem.setDetail(DatabaseUnreachable.DETAIL);
        }
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path != null) {
            problem.setInstance(java.net.URI.create(path.toString().replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static String detail(HttpStatus status) {
        return switch (status.value()) {
            case 401 -> "Sign in with HTTP Basic or an API token (Authorization: Bearer).";
            case 403 -> "Your role does not allow this.";
            case 404 -> "There is nothing at this address, or it is not yours to see.";
            case 405 -> "This address does not take that method.";
            case 413 -> "The request body is larger than the panel accepts (bosun.api.max-body-size).";
            case 500 -> "The panel hit an unexpected error; it has been logged.";
            default -> status.getReasonPhrase();
        };
    }

    /** A request for the error page itself, not an error dispatch, finds nothing there. */
    private static HttpStatus status(HttpServletRequest request) {
        if (databaseUnreachable(request)) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer value)) {
            return HttpStatus.NOT_FOUND;
        }
        HttpStatus status = HttpStatus.resolve(value);
        return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /** A failure for want of the panel's database, thrown or reported by {@code sendError(503, TITLE)}. */
    private static boolean databaseUnreachable(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnreachable.causes(failure)
                || DatabaseUnreachable.TITLE.equals(request.getAttribute(RequestDispatcher.ERROR_MESSAGE));
    }

    private static void logIfServerError(HttpServletRequest request, HttpStatus status) {
        if (status.is5xxServerError()) {
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.error("Error {} on {}", status.value(), request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure instanceof Throwable throwable ? throwable : null);
        }
    }
}
