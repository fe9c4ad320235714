package dev.bosun.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such platform, or a deleted one where a live one is needed. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class PlatformNotFoundException extends RuntimeException {

    public PlatformNotFoundException(long id) {
        super("No platform " + id);
    }
}
