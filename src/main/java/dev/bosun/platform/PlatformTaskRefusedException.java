package dev.bosun.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A platform task its state does not offer (delete with live sites, unlock of an unlocked platform). */
@ResponseStatus(HttpStatus.CONFLICT)
public class PlatformTaskRefusedException extends RuntimeException {

    public PlatformTaskRefusedException(String message) {
        super(message);
    }
}
