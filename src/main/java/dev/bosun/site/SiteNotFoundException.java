package dev.bosun.site;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such site, or one the caller may not see: both answer 404. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class SiteNotFoundException extends RuntimeException {

    public SiteNotFoundException(long id) {
        super("No site " + id);
    }
}
