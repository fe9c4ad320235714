package dev.bosun.account;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

@ResponseStatus(HttpStatus.NOT_FOUND)
class ClientNotFoundException extends RuntimeException {

    public ClientNotFoundException(long id) {
        super("No client " + id);
    }
}
