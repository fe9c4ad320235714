package dev.bosun.backup;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

@ResponseStatus(HttpStatus.NOT_FOUND)
public class BackupNotFoundException extends RuntimeException {

    public BackupNotFoundException(long id) {
        super("No backup " + id);
    }
}
