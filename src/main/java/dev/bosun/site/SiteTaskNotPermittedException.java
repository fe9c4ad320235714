package dev.bosun.site;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A task type the administrator does not let client users run: 403. */
@ResponseStatus(HttpStatus.FORBIDDEN)
public class SiteTaskNotPermittedException extends RuntimeException {

    public SiteTaskNotPermittedException(SiteTaskType type) {
        super("Client users may not run the task " + type.key() + ".");
    }
}
