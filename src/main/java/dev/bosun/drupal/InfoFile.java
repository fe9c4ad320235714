package dev.bosun.drupal;

import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** The keys of a {@code *.info.yml} that Bosun reads. Plain scalars stay strings ("3.10" is not 3.1). */
record InfoFile(Map<?, ?> values) {

    static InfoFile parse(String yaml) {
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
                new DumperOptions(), new StringsOnlyResolver());
        Object loaded = parser.load(yaml);
        return new InfoFile(loaded instanceof Map<?, ?> map ? map : Map.of());
    }

    PackageType packageType() {
        String type = string("type");
        return type == null ? null : switch (type) {
            case "module" -> PackageType.MODULE;
            case "theme" -> PackageType.THEME;
            case "profile" -> PackageType.PROFILE;
            default -> null;
        };
    }

    String title(String fallback) {
        String name = string("name");
        return name == null || name.isBlank() ? fallback : name;
    }

    /** {@code version: VERSION} (core's own extensions) is the core version. */
    String version(String coreVersion) {
        String version = string("version");
        if ("VERSION".equals(version)) {
            return coreVersion;
        }
        return version == null || version.isBlank() ? null : version;
    }

    boolean hidden() {
        return "true".equalsIgnoreCase(string("hidden"));
    }

    private String string(String key) {
        Object value = values.get(key);
        return value == null ? null : value.toString().trim();
    }

    private static final class StringsOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // no implicit types: every plain scalar is a string
        }
    }
}
