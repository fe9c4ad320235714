package dev.bosun;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Whether the panel starts from the configuration its build prepared (Spring AOT, {@code -Dspring.aot.enabled=true}
 * in {@code jvm.options}; ADR 0038): the build has already read the configuration classes and settled which beans
 * exist, so the start skips that work. Those beans are the ones of the packaged settings with no profile. A start
 * whose settings could give another set of beans starts the usual way instead, and says why: a profile (the
 * demo), or a setting outside the packaged {@code application.yml} that Spring Boot reads to choose beans
 * ({@code management.*}, {@code springdoc.*}, {@code spring.*} but for the database, the mail server and what is
 * read while running, {@code server.forward-headers-strategy=framework}). The database and the mail server are
 * chosen while running ({@link DatabaseConfiguration}, {@link MailConfiguration}), so a configured panel keeps the
 * quicker start.
 */
final class BuildTimeStart {

    /** The class the build generates for the panel's context; absent when the jar was built without it. */
    static final String GENERATED_INITIALIZER = BosunApplication.class.getName() + "__ApplicationContextInitializer";

    /** {@code spring.*} settings that Spring Boot reads while running, or that choose no bean. */
    private static final List<String> SPRING_READ_WHILE_RUNNING = List.of("spring.datasource.", "spring.mail.",
            "spring.config.", "spring.aot.", "spring.context.exit", "spring.output.", "spring.application.",
            "spring.profiles.", "spring.main.banner-mode", "spring.main.log-startup-info",
            "spring.jpa.properties.", "spring.jpa.show-sql", "spring.quartz.properties.", "spring.web.resources.",
            "spring.mvc.async.request-timeout", "spring.lifecycle.", "spring.thymeleaf.cache");

    private BuildTimeStart() {
    }

    /**
     * Why this environment may not start from the build's configuration, or empty when it may. {@code initializer}
     * tells whether the build's generated configuration is there.
     */
    static Optional<String> reasonAgainst(ConfigurableEnvironment environment, boolean initializer) {
        if (!initializer) {
            return Optional.of("this jar was built without it (no " + GENERATED_INITIALIZER + ")");
        }
        if (environment.getActiveProfiles().length > 0) {
            return Optional.of("the profile " + String.join(", ", environment.getActiveProfiles())
                    + " is active, and the build prepared the start without profiles");
        }
        String forwardHeaders = environment.getProperty("server.forward-headers-strategy");
        Set<String> settings = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (packaged(source) || !(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean variables = source instanceof SystemEnvironmentPropertySource;
            for (String name : enumerable.getPropertyNames()) {
                String key = variables ? name.toLowerCase(Locale.ROOT).replace('_', '.') : name;
                if (choosesBeans(key, forwardHeaders)) {
                    settings.add(name);
                }
            }
        }
        if (!settings.isEmpty()) {
            return Optional.of("these settings can change which parts of Spring Boot the panel uses, which the"
                    + " build settled without them: " + String.join(", ", settings));
        }
        return Optional.empty();
    }

    /** The settings packaged in the jar (its {@code application.yml}), which the build read. */
    private static boolean packaged(PropertySource<?> source) {
        return source instanceof OriginTrackedMapPropertySource && source.getName().contains("class path resource [");
    }

    private static boolean choosesBeans(String key, String forwardHeaders) {
        if (key.startsWith("management.") || key.startsWith("springdoc.")) {
            return true;
        }
        if (key.equals("server.forward-headers-strategy")) {
            return "framework".equalsIgnoreCase(forwardHeaders);
        }
        return key.startsWith("spring.") && SPRING_READ_WHILE_RUNNING.stream().noneMatch(key::startsWith);
    }

    /**
     * Turns the build's configuration off for this start when {@link #reasonAgainst} finds a reason, before the
     * context is made (Spring reads {@code spring.aot.enabled} from the system properties each time it asks).
     * Registered in {@code META-INF/spring.factories}; runs after the logging system is set up.
     */
    static final class Check implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

        private static final Logger log = LoggerFactory.getLogger(BuildTimeStart.class);

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            if (!AotDetector.useGeneratedArtifacts()
                    || !event.getSpringApplication().getAllSources().contains(BosunApplication.class)) {
                return;
            }
            boolean initializer = ClassUtils.isPresent(GENERATED_INITIALIZER, BosunApplication.class.getClassLoader());
            reasonAgainst(event.getEnvironment(), initializer).ifPresentOrElse(reason -> {
                System.setProperty(AotDetector.AOT_ENABLED, "false");
                log.info("Starting without the configuration prepared at build time (slower): {}", reason);
            }, () -> log.info("Starting from the configuration prepared at build time"));
        }
    }
}
