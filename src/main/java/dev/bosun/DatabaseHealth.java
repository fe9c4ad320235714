package dev.bosun;

import java.sql.Connection;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The health of the panel's database ({@code db} in {@code /actuator/health}), in place of Spring Boot's, which
 * waits without limit for a database that accepts connections but does not answer (a paused or overloaded
 * server): a connection must come within the pool's timeout and answer within {@link #ANSWER_SECONDS}.
 */
@Component("dbHealthIndicator")
class DatabaseHealth extends AbstractHealthIndicator {

    static final int ANSWER_SECONDS = 1;

    private final DataSource dataSource;

    DatabaseHealth(DataSource dataSource) {
        super("The panel's database is unreachable");
        this.dataSource = dataSource;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(ANSWER_SECONDS)) {
                builder.up();
            } else {
                builder.down().withDetail("error", "no answer within " + ANSWER_SECONDS + " s");
            }
        }
    }
}
