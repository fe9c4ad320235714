package dev.bosun.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vhost templates with {@code {{name}}} placeholders: Bosun's own (classpath {@code server/vhost/}) or an
 * administrator's copy in {@code <home>/config/templates/}, which wins. Values are validated before they get here.
 */
final class VhostTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final Path overrides;

    VhostTemplates(Path home) {
        this.overrides = home.resolve("config").resolve("templates");
    }

    String render(String name, Map<String, String> values) {
        String template = load(name);
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString().replaceAll("(?m)^[ \\t]+$\\n", "").replaceAll("\\n{3,}", "\n\n");
    }

    private String load(String name) {
        Path override = overrides.resolve(name);
        try {
            if (Files.isRegularFile(override)) {
                return Files.readString(override);
            }
            try (InputStream in = VhostTemplates.class.getResourceAsStream("/server/vhost/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("No vhost template " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the vhost template " + name, e);
        }
    }
}
