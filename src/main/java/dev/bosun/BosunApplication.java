package dev.bosun;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

@SpringBootApplication
@EnableJpaRepositories(queryEnhancerSelector = RepositoryQueryEnhancers.class)
@ConfigurationPropertiesScan
public class BosunApplication {

    /** Hikari's setting (a system property read once) for how recently used a pooled connection may be unchecked. */
    static final String ALIVE_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";

    public static void main(String[] args) {
        checkEveryPooledConnection();
        SpringApplication.run(BosunApplication.class, args);
    }

    /**
     * Every connection taken from the pool is checked first (within the pool's validation timeout), not only
     * those idle for half a second: a request that meets a paused or silent database then fails within seconds
     * with 503 instead of waiting for it without limit. The check costs one local round trip.
     */
    static void checkEveryPooledConnection() {
        if (System.getProperty(ALIVE_BYPASS_WINDOW) == null) {
            System.setProperty(ALIVE_BYPASS_WINDOW, "0");
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
