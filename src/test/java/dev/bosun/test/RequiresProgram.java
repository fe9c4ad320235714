package dev.bosun.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test needs these programs on the PATH (nginx, php-fpm8.2, sshd, chromium…). Without
 * them it is skipped with the reason, or failed when {@code BOSUN_REQUIRE_ALL_TESTS=true}.
 * An entry may list alternatives separated by {@code |}, e.g. {@code "mariadb-dump|mysqldump"}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresProgramCondition.class)
public @interface RequiresProgram {

    String[] value();
}
