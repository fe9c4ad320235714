package dev.bosun.server;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No server with this id: a 404 page or problem+json. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class ServerNotFoundException extends RuntimeException {

    public ServerNotFoundException(long id) {
        super("No server " + id);
    }
}
