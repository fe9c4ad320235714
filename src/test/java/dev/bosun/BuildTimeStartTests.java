package dev.bosun;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which settings let the panel start from the configuration its build prepared (ADR 0038): the database, the mail
 * server and what Spring reads while running do; a profile, or a setting Spring Boot reads to choose its beans,
 * from wherever it comes but the packaged {@code application.yml}, does not, and the reason names it.
 */
class BuildTimeStartTests {

    @Test
    void theInstallGuidesSettingsKeepTheBuildsConfiguration() {
        StandardEnvironment environment = environment(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.internal.example:5432/bosun",
                "spring.datasource.hikari.maximum-pool-size", "20", "spring.mail.host", "smtp.example.com",
                "spring.mail.properties.mail.smtp.auth", "true", "server.port", "8080",
                "server.forward-headers-strategy", "native", "bosun.home", "/var/bosun",
                "logging.file.name", "/var/log/bosun/bosun.log"));
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("BOSUN_HOME", "/var/bosun", "SPRING_DATASOURCE_PASSWORD", "x", "PATH", "/usr/bin")));

        assertThat(BuildTimeStart.reasonAgainst(environment, true)).isEmpty();
    }

    @Test
    void aProfileOrABeanChoosingSettingStartsTheUsualWayAndIsNamed() {
        StandardEnvironment profile = environment(Map.of());
        profile.setActiveProfiles("demo");
        assertThat(BuildTimeStart.reasonAgainst(profile, true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("profile demo"));

        assertThat(BuildTimeStart.reasonAgainst(environment(Map.of("management.endpoints.web.exposure.include",
                "*")), true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("management.endpoints.web.exposure.include"));
        assertThat(BuildTimeStart.reasonAgainst(environment(Map.of("server.forward-headers-strategy", "framework")),
                true)).hasValueSatisfying(reason -> assertThat(reason).contains("server.forward-headers-strategy"));
        assertThat(BuildTimeStart.reasonAgainst(environment(Map.of("spring.main.lazy-initialization", "true")),
                true)).hasValueSatisfying(reason -> assertThat(reason).contains("spring.main.lazy-initialization"));

        StandardEnvironment fromTheEnvironment = environment(Map.of());
        fromTheEnvironment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("SPRINGDOC_API_DOCS_ENABLED", "false")));
        assertThat(BuildTimeStart.reasonAgainst(fromTheEnvironment, true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("SPRINGDOC_API_DOCS_ENABLED"));
    }

    @Test
    void thePackagedSettingsWereReadByTheBuildAndAJarWithoutTheGeneratedConfigurationStartsTheUsualWay() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(
                "Config resource 'class path resource [application.yml]' via location 'optional:classpath:/'",
                Map.of("management.endpoints.web.exposure.include", "health", "spring.quartz.job-store-type", "jdbc")));
        assertThat(BuildTimeStart.reasonAgainst(environment, true)).isEmpty();

        assertThat(BuildTimeStart.reasonAgainst(environment, false)).hasValueSatisfying(reason ->
                assertThat(reason).contains("built without it"));
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", settings));
        return environment;
    }
}
