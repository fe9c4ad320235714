package dev.bosun.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.DisabledVhost;
import dev.bosun.server.HttpDriver;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.InvalidNameException;
import dev.bosun.server.Names;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.server.SiteVhost;
import dev.bosun.task.TaskLogger;

/** nginx and Apache vhosts from templates: written on the master, pushed, tested, reloaded, restored on a failed test. */
public class TemplateHttpDriver implements HttpDriver {

    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final ServerInfo server;
    private final HttpServiceInfo service;
    private final Shell shell;
    private final Path masterDir;
    private final VhostTemplates templates;

    public TemplateHttpDriver(ServerInfo server, Shell shell, Path home) {
        this.server = server;
        this.service = server.http();
        this.shell = shell;
        this.masterDir = masterVhostDir(home, server.name(), service.type());
        this.templates = new VhostTemplates(home);
    }

    /** Where Bosun keeps a server's vhosts on the master: {@code <home>/config/<server>/<type>/vhost.d}. */
    static Path masterVhostDir(Path home, String serverName, HttpType type) {
        return home.resolve("config").resolve(serverName).resolve(type.dirName()).resolve("vhost.d");
    }

    @Override
    public HttpServiceInfo service() {
        return service;
    }

    @Override
    public void writeSiteVhost(SiteVhost vhost, TaskLogger log) {
        Map<String, String> values = names(vhost.domain(), vhost.aliases(), vhost.redirects());
        values.put("docroot", Names.path("docroot", vhost.docroot()));
        values.put("redirects", vhost.redirects().isEmpty() ? "" : templates.render(template("redirect"), values));
        install(vhost.domain(), templates.render(template("site"), values), log);
    }

    @Override
    public void writeDisabledVhost(DisabledVhost vhost, TaskLogger log) {
        Map<String, String> values = names(vhost.domain(), vhost.aliases(), List.of());
        values.put("disabled_page", disabledPage(vhost.domain()));
        install(vhost.domain(), templates.render(template("disabled"), values), log);
    }

    /**
     * The page a disabled site's web server answers with, on one line and without quotes, so it sits inside the
     * quoted string of either server's configuration; the domain is a checked hostname.
     */
    static String disabledPage(String domain) {
        return "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
                + "<meta name=robots content=noindex>"
                + "<title>Site disabled</title></head><body style=font-family:sans-serif;margin:3em>"
                + "<h1>Site disabled</h1><p>" + Names.domain(domain) + " is not available at the moment.</p>"
                + "<p>Its owner has disabled it. If you run this site, ask your hosting provider to enable it again.</p>"
                + "</body></html>";
    }

    @Override
    public void removeVhost(String domain, TaskLogger log) {
        Path copy = masterCopy(Names.domain(domain));
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            throw new ShellException("Cannot remove " + copy + ": " + e.getMessage(), e);
        }
        if (!isSameFile(domain)) {
            shell.run(Command.of("rm", "-f", serverPath(domain)), log, COMMAND_TIMEOUT).orThrow("Removing the vhost");
        }
        log.info("Removed the vhost of " + domain);
        configTest(log);
        reload(log);
    }

    @Override
    public void configTest(TaskLogger log) {
        CommandResult result = shell.run(Command.parse("config test command", service.configTestCommand()), log,
                COMMAND_TIMEOUT);
        if (!result.ok()) {
            throw new ShellException(label() + " configuration test failed on " + server.name() + result.detail());
        }
    }

    @Override
    public void reload(TaskLogger log) {
        shell.run(Command.parse("reload command", service.reloadCommand()), log, COMMAND_TIMEOUT)
                .orThrow("Reloading " + label() + " on " + server.name());
        log.ok("Reloaded " + label() + " on " + server.name());
    }

    @Override
    public int answer(String hostName, String path) {
        return HostRequest.status(address(), service.port(), hostName, path);
    }

    /** Where the panel reaches the web server: its hostname; the loopback address for the master. */
    private String address() {
        return server.master() ? "127.0.0.1" : server.hostname();
    }

    @Override
    public Path masterCopy(String domain) {
        return masterDir.resolve(Names.domain(domain));
    }

    @Override
    public String serverPath(String domain) {
        return service.vhostDir() + "/" + Names.domain(domain);
    }

    private void install(String domain, String content, TaskLogger log) {
        Path copy = masterCopy(domain);
        byte[] previous = read(copy);
        write(copy, content.getBytes(StandardCharsets.UTF_8));
        push(domain);
        log.info("Wrote the vhost of " + domain + " to " + serverPath(domain) + " on " + server.name());
        try {
            configTest(log);
        } catch (ShellException refused) {
            restore(domain, previous, log);
            throw new ShellException(label() + " refused the new vhost of " + domain + refusal(refused)
                    + (previous == null ? " The new file was removed." : " The previous vhost was put back."), refused);
        }
        reload(log);
    }

    private void restore(String domain, byte[] previous, TaskLogger log) {
        Path copy = masterCopy(domain);
        if (previous == null) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                log.error("Could not remove " + copy + ": " + e.getMessage());
            }
            if (!isSameFile(domain)) {
                shell.run(Command.of("rm", "-f", serverPath(domain)), log, COMMAND_TIMEOUT);
            }
        } else {
            write(copy, previous);
            push(domain);
        }
        log.warning("Put the previous vhost of " + domain + " back on " + server.name());
    }

    private void push(String domain) {
        if (!isSameFile(domain)) {
            shell.push(masterCopy(domain), serverPath(domain));
        }
    }

    /** On the master, the service's vhost dir is normally the master copy's own directory. */
    private boolean isSameFile(String domain) {
        return shell.isLocal() && Path.of(serverPath(domain)).toAbsolutePath().normalize()
                .equals(masterCopy(domain).toAbsolutePath().normalize());
    }

    private Map<String, String> names(String domain, List<String> aliases, List<String> redirects) {
        Names.domain(domain);
        aliases.forEach(Names::domain);
        redirects.forEach(Names::domain);
        List<String> serverNames = new ArrayList<>(List.of(domain));
        serverNames.addAll(aliases);
        Map<String, String> values = new HashMap<>();
        values.put("domain", domain);
        values.put("port", String.valueOf(service.port()));
        values.put("server_names", String.join(" ", serverNames));
        values.put("redirect_names", String.join(" ", redirects));
        values.put("server_alias", aliases.isEmpty() ? "" : "ServerAlias " + String.join(" ", aliases));
        List<String> all = new ArrayList<>(aliases);
        all.addAll(redirects);
        values.put("all_alias", all.isEmpty() ? "" : "ServerAlias " + String.join(" ", all));
        values.put("first_redirect", redirects.isEmpty() ? "" : redirects.get(0));
        values.put("redirect_alias", redirects.size() < 2 ? ""
                : "ServerAlias " + String.join(" ", redirects.subList(1, redirects.size())));
        values.put("fastcgi", fastcgi());
        return values;
    }

    private String fastcgi() {
        String address = service.phpFastcgi() == null ? "127.0.0.1:9000" : service.phpFastcgi();
        if (service.type() == HttpType.NGINX) {
            return address;
        }
        return address.startsWith("unix:") ? "proxy:" + address + "|fcgi://localhost" : "proxy:fcgi://" + address;
    }

    private String template(String kind) {
        return service.type().dirName() + "-" + kind + ".conf";
    }

    private String label() {
        return service.type() == HttpType.NGINX ? "nginx" : "Apache";
    }

    private static String refusal(ShellException refused) {
        String message = refused.getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? "." : ": " + message.substring(colon + 2) + ".";
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new ShellException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            // beside the vhost directory, never in it: the web server includes every file there
            Path temp = Files.createTempFile(file.getParent().getParent(), ".bosun-", ".tmp");
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ShellException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
