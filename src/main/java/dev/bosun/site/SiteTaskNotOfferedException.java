package dev.bosun.site;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A task the site's state (or the settings, or an open task) does not offer now: 409. */
@ResponseStatus(HttpStatus.CONFLICT)
public class SiteTaskNotOfferedException extends RuntimeException {

    public SiteTaskNotOfferedException(String domain, SiteTaskType type, SiteStatus status) {
        super("The site " + domain + " (" + status.name().toLowerCase(java.util.Locale.ROOT) + ") does not offer the task "
                + type.key() + " now.");
    }
}
