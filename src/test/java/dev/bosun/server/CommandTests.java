package dev.bosun.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandTests {

    @Test
    void leavesPlainWordsAloneAndSingleQuotesTheRest() {
        Command command = Command.of("drush", "--root", "/var/www/web", "--uri=example.com", "pm:list", "a b",
                "it's", "$(id)", "", "x;y");

        assertThat(command.toShellString()).isEqualTo(
                "drush --root /var/www/web --uri=example.com pm:list 'a b' 'it'\\''s' '$(id)' '' 'x;y'");
    }

    @Test
    void passesScriptParametersPositionally() {
        Command command = Command.script("test -d \"$1\" && echo yes", "/tmp/x y");

        assertThat(command.args()).containsExactly("sh", "-c", "test -d \"$1\" && echo yes", "sh", "/tmp/x y");
    }

    @Test
    void showsControlCharactersInItsLogForm() {
        assertThat(Command.of("echo", "a\nb").toString()).isEqualTo("echo 'a\\nb'");
    }

    @Test
    void parsesAConfiguredCommandLineWithoutShellSyntax() {
        assertThat(Command.parse("reload", " sudo -n  /usr/sbin/nginx -s reload ").args())
                .containsExactly("sudo", "-n", "/usr/sbin/nginx", "-s", "reload");
        for (String hostile : new String[] {"nginx -t; rm -rf /", "nginx $(id)", "nginx `id`", "nginx | tee x",
                "nginx > /etc/passwd", "nginx 'quoted'", "nginx && reboot", "nginx\nreboot"}) {
            assertThatThrownBy(() -> Command.parse("reload", hostile))
                    .isInstanceOf(InvalidNameException.class).hasMessageContaining("is not a plain command");
        }
    }

    @Test
    void refusesNulBytesAndBadEnvironmentNames() {
        assertThatThrownBy(() -> Command.of("echo", "a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("env").withEnv("A=B", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Command.of("psql").withEnv("PGPASSFILE", "/tmp/a b").toShellString())
                .isEqualTo("PGPASSFILE='/tmp/a b' psql");
    }
}
