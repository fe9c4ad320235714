package dev.bosun.site.web;

import dev.bosun.site.SiteTaskNotOfferedException;
import dev.bosun.site.SiteTaskNotPermittedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The API's answer to a task the site does not offer now (409) or the caller may not run (403), with the reason. */
@RestControllerAdvice(annotations = RestController.class)
class SiteProblems {

    @ExceptionHandler(SiteTaskNotOfferedException.class)
    ResponseEntity<ProblemDetail> notOffered(SiteTaskNotOfferedException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }

    @ExceptionHandler(SiteTaskNotPermittedException.class)
    ResponseEntity<ProblemDetail> notPermitted(SiteTaskNotPermittedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage()));
    }
}
