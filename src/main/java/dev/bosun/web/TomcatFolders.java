package dev.bosun.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.bosun.BosunProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Tomcat's own folders (its work folder, and the empty document root the panel serves nothing from) live in
 * {@code <home>/tomcat}, not in new folders under the system's temporary folder at every start, which a panel
 * stopped with a signal or killed never removed. {@code server.tomcat.basedir}, when set, still decides the base.
 */
@Component
class TomcatFolders implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final Path base;
    private final boolean baseSet;

    TomcatFolders(BosunProperties properties, Environment environment) {
        this.base = properties.homeDir().resolve("tomcat");
        this.baseSet = StringUtils.hasText(environment.getProperty("server.tomcat.basedir"));
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Path documentRoot = base.resolve("docroot");
        try {
            Files.createDirectories(documentRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make Tomcat's folder " + documentRoot, e);
        }
        if (!baseSet) {
            factory.setBaseDirectory(base.toFile());
        }
        factory.setDocumentRoot(documentRoot.toFile());
    }

    /** After Spring Boot's own customizer, which applies {@code server.tomcat.basedir}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
