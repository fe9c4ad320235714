package dev.bosun.platform;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No such platform, or a deleted one where a live one is needed: 404. */
public class PlatformNotFoundException extends ErrorResponseException {

    public PlatformNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no platform " + id + "."),
                null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
