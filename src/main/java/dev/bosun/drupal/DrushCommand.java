package dev.bosun.drupal;

import java.util.List;

/**
 * One drush call as an argument list (program first), never a shell string; {@code purpose} says
 * what it is for in log lines. Passwords never appear in it: drush reads them from settings.php.
 */
public record DrushCommand(String purpose, List<String> args) {

    public DrushCommand {
        args = List.copyOf(args);
    }

    @Override
    public String toString() {
        return String.join(" ", args);
    }
}
