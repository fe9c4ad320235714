package dev.bosun.platform;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No such site, a deleted one, or one the caller may not see: all answer 404 alike. */
class SiteNotVisibleException extends ErrorResponseException {

    public SiteNotVisibleException(long siteId) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is no site " + siteId + ", or it is not yours to see."), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
