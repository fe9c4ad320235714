package dev.bosun.account.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.bosun.BosunProperties;
import dev.bosun.PanelAddress;
import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Creates the first administrator, {@code admin}, when the panel has no user: with
 * {@code BOSUN_ADMIN_PASSWORD} when set, else with a random password printed once and written
 * to {@code <home>/initial-admin-password} (mode 0600). Then says where to log in.
 */
@Component
class AdminBootstrap {

    static final String ADMIN = "admin";
    static final String PASSWORD_FILE = "initial-admin-password";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountService accounts;
    private final BosunProperties properties;
    private final PanelAddress panel;

    AdminBootstrap(AccountService accounts, BosunProperties properties, PanelAddress panel) {
        this.accounts = accounts;
        this.properties = properties;
        this.panel = panel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createFirstAdmin() throws IOException {
        String url = panel.local() + "/login";
        if (accounts.hasUsers()) {
            log.info("Bosun is ready. Log in at {}", url);
            return;
        }
        String given = properties.admin().password();
        if (StringUtils.hasText(given)) {
            createAdmin(given);
            log.info("Bosun is ready. Log in at {} as '{}' with the password from BOSUN_ADMIN_PASSWORD.", url, ADMIN);
            return;
        }
        String password = RandomSecrets.fromAlphabet(ALPHABET, 20);
        if (!createAdmin(password)) {
            return;
        }
        Path file = writePasswordFile(password);
        log.warn("""

                ====================================================================
                  Bosun is ready. Log in at {}
                  user: {}    password: {}
                  (shown once; also written to {})
                ====================================================================""",
                url, ADMIN, password, file);
    }

    /** False when another panel node sharing the database created the administrator first. */
    private boolean createAdmin(String password) {
        try {
            accounts.createUser(ADMIN, password, Role.ADMIN, null);
            return true;
        } catch (DataIntegrityViolationException | IllegalArgumentException alreadyThere) {
            log.info("The administrator was created by another node.");
            return false;
        }
    }

    private Path writePasswordFile(String password) throws IOException {
        Path home = properties.homeDir();
        Files.createDirectories(home);
        Path file = home.resolve(PASSWORD_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }

}
