package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The start-up default: no datasource URL, an embedded PostgreSQL in {@code <home>/pgdata}. */
class EmbeddedDatabaseTests {

    @TempDir
    Path home;

    @Test
    void runsOnAnEmbeddedPostgresWhoseDataSurvivesARestart() throws Exception {
        String firstPassword;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(first.containsBean("embeddedPostgres")).isTrue();
            assertThat(Files.isDirectory(home.resolve("pgdata"))).isTrue();
            Path passwordFile = home.resolve("initial-admin-password");
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            firstPassword = Files.readString(passwordFile).trim();
            assertThat(firstPassword).hasSizeGreaterThanOrEqualTo(16);
            first.getBean(AccountService.class).createUser("operator1", "operator-password", Role.OPERATOR, null);
        }

        try (ConfigurableApplicationContext second = start()) {
            AccountService accounts = second.getBean(AccountService.class);
            assertThat(accounts.findUser("operator1")).get().extracting("role").isEqualTo(Role.OPERATOR);
            assertThat(accounts.findUser("admin")).isPresent();
            assertThat(Files.readString(home.resolve("initial-admin-password")).trim())
                    .as("the first password is not replaced on restart").isEqualTo(firstPassword);
            assertThat(second.getBean(JdbcClient.class)
                    .sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                    .isPositive();
        }
    }

    private ConfigurableApplicationContext start() {
        SpringApplication application = new SpringApplication(BosunApplication.class);
        return application.run("--bosun.home=" + home, "--server.port=0", "--spring.datasource.url=",
                "--spring.main.banner-mode=off");
    }
}
