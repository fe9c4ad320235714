package dev.bosun.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such site, a deleted one, or one the caller may not see: all answer 404. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class SiteNotVisibleException extends RuntimeException {

    public SiteNotVisibleException(long siteId) {
        super("No site " + siteId);
    }
}
