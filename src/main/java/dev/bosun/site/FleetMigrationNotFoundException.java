package dev.bosun.site;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No such "Migrate all sites" run on that platform: 404. */
class FleetMigrationNotFoundException extends ErrorResponseException {

    public FleetMigrationNotFoundException(long platformId, long id) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Platform " + platformId + " has no site migration " + id + "."), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
