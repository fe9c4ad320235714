package dev.bosun.drupal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A site's settings.php, written from the template {@code settings.php.template}: database,
 * hash salt, trusted host patterns (the domain and its aliases), file paths and config sync
 * directory. Every value is written as a PHP single-quoted literal, so no value can break out.
 */
public record DrupalSettings(SiteLayout layout, SiteDatabase database, String hashSalt, List<String> hostnames) {

    private static final String TEMPLATE = load();

    public DrupalSettings {
        hostnames = List.copyOf(hostnames);
        hostnames.forEach(DrupalInput::domain);
        if (hashSalt == null || hashSalt.length() < 32) {
            throw new IllegalArgumentException("A hash salt has at least 32 characters");
        }
    }

    /**
     * A hash salt that stays the same for a site on every rewrite of settings.php (so that sessions and
     * one-time login links survive a verify) without being stored: an HMAC of the domain under Bosun's key.
     */
    public static String hashSalt(byte[] key, String domain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] first = mac.doFinal(("drupal-hash-salt:" + DrupalInput.domain(domain)).getBytes(StandardCharsets.UTF_8));
            byte[] second = mac.doFinal(first);
            byte[] salt = new byte[55];
            System.arraycopy(first, 0, salt, 0, 32);
            System.arraycopy(second, 0, salt, 32, 23);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(salt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String render() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("domain", layout.domain());
        values.put("database", databaseArray());
        values.put("hash_salt", php(hashSalt));
        values.put("trusted_host_patterns", hostnames.stream().map(host -> php("^" + host.replace(".", "\\.") + "$"))
                .collect(Collectors.joining(",\n  ", "[\n  ", ",\n]")));
        values.put("file_public_path", php(layout.publicFilesPath()));
        values.put("file_private_path", php(layout.privateFilesPath()));
        values.put("file_temp_path", php(layout.tempPath()));
        values.put("config_sync_directory", php(layout.configSyncPath()));
        String text = TEMPLATE;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        if (text.contains("{{")) {
            throw new IllegalStateException("settings.php.template has a placeholder without a value");
        }
        return text;
    }

    /** The keys Drupal's installer writes, in its order; mysql adds the isolation level. */
    private String databaseArray() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("database", database.name());
        entries.put("username", database.username());
        entries.put("password", database.password());
        entries.put("prefix", "");
        entries.put("host", database.host());
        entries.put("port", Integer.toString(database.port()));
        if (database.driver().equals("mysql")) {
            entries.put("isolation_level", "READ COMMITTED");
        }
        entries.put("driver", database.driver());
        entries.put("namespace", "Drupal\\" + database.driver() + "\\Driver\\Database\\" + database.driver());
        entries.put("autoload", "core/modules/" + database.driver() + "/src/Driver/Database/" + database.driver() + "/");
        return entries.entrySet().stream().map(e -> php(e.getKey()) + " => " + php(e.getValue()))
                .collect(Collectors.joining(",\n  ", "[\n  ", ",\n]"));
    }

    private static final Pattern NUL = Pattern.compile("\0");

    /** A PHP single-quoted string: only backslash and quote are special there. */
    static String php(String value) {
        if (value == null || NUL.matcher(value).find()) {
            throw new IllegalArgumentException("A settings.php value may not be null or contain NUL");
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        return "DrupalSettings[" + layout.domain() + ", " + database + "]";
    }

    private static String load() {
        try (InputStream in = DrupalSettings.class.getResourceAsStream("settings.php.template")) {
            if (in == null) {
                throw new IllegalStateException("settings.php.template is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
