package dev.bosun.platform;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A platform task its state does not offer (delete with live sites, unlock of an unlocked platform):
 * the API answers 409 with the reason as the problem's detail.
 */
public class PlatformTaskRefusedException extends ErrorResponseException {

    public PlatformTaskRefusedException(String message) {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, message), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
