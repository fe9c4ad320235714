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
    /** $1 a folder: removed when it is there, saying so. */
    private static final String REMOVE_IF_THERE = "if [ -e \"$1\" ]; then rm -rf -- \"$1\" && echo removed; fi";
    /**
     * Before a certificate is installed: copies the files it replaces to {@code *.previous} (any older such copy
     * removed first) and says whether the folder was there.
     */
    static final String KEEP_PREVIOUS_CERTIFICATE = "d=\"$1\"; rm -f -- \"$d/fullchain.pem.previous\" "
            + "\"$d/privkey.pem.previous\"; if [ -d \"$d\" ]; then for f in fullchain.pem privkey.pem; do "
            + "if [ -e \"$d/$f\" ]; then cp -p -- \"$d/$f\" \"$d/$f.previous\" || exit 1; fi; done; echo existed; fi";
    /**
     * After the vhost that was to use a new certificate was refused: each file goes back to its {@code *.previous}
     * copy, or is removed when there was none; the folder goes when the install made it ({@code $2} = 1).
     */
    static final String PUT_PREVIOUS_CERTIFICATE_BACK = "d=\"$1\"; for f in fullchain.pem privkey.pem; do "
            + "if [ -e \"$d/$f.previous\" ]; then mv -f -- \"$d/$f.previous\" \"$d/$f\" || exit 1; "
            + "else rm -f -- \"$d/$f\" || exit 1; fi; done; if [ \"$2\" = 1 ]; then rmdir -- \"$d\" || exit 1; fi";
    /** After the vhost that uses a new certificate was accepted: the copies of the replaced files go. */
    static final String DROP_PREVIOUS_CERTIFICATE =
            "rm -f -- \"$1/fullchain.pem.previous\" \"$1/privkey.pem.previous\"";

    private final ServerInfo server;
    private final HttpServiceInfo service;
    private final Shell shell;
    private final Path masterDir;
    private final VhostTemplates templates;
    /**
     * Domains whose certificate files this driver replaced and whose vhost it has not written since: whether the
     * certificate folder was there before (its replaced files kept as {@code *.previous}). A refused vhost puts them
     * back, so the web server is left exactly as before the write.
     */
    private final Map<String, Boolean> replacedCertificates = new HashMap<>();

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
        Map<String, String> http = names(vhost.domain(), vhost.aliases(), vhost.redirects());
        http.put("docroot", Names.path("docroot", vhost.docroot()));
        SiteVhost.Tls tls = vhost.tls();
        StringBuilder content = new StringBuilder(header(vhost.domain()));
        if (tls != null) {
            http.put("canonical", httpsUrl(vhost.domain()));
        }
        if (!vhost.redirects().isEmpty()) {
            content.append(templates.render(template("redirect"), http));
            if (tls != null) {
                content.append(templates.render(template("redirect"), secure(http, tls)));
            }
        }
        content.append(templates.render(template(tls != null && tls.required() ? "https-redirect" : "site"), http));
        if (tls != null) {
            content.append(templates.render(template("site"), secure(http, tls)));
        }
        install(vhost.domain(), content.toString(), log);
    }

    @Override
    public void writeDisabledVhost(DisabledVhost vhost, TaskLogger log) {
        Map<String, String> http = names(vhost.domain(), vhost.aliases(), List.of());
        http.put("disabled_page", disabledPage(vhost.domain()));
        String content = templates.render(template("disabled"), http);
        if (vhost.tls()) {
            content += templates.render(template("disabled"), secure(http, new SiteVhost.Tls(false, false)));
        }
        install(vhost.domain(), content, log);
    }

    private static String header(String domain) {
        return "# Bosun vhost for " + domain + ", written by the panel: changes made here are overwritten.\n";
    }

    /** The values of the HTTPS side: the HTTPS port, the certificate's directives, no ACME location. */
    private Map<String, String> secure(Map<String, String> http, SiteVhost.Tls tls) {
        Map<String, String> values = new HashMap<>(http);
        String domain = http.get("domain");
        boolean nginx = service.type() == HttpType.NGINX;
        values.put("port", service.httpsPort() + (nginx ? " ssl" : ""));
        values.put("acme", "");
        List<String> lines = new ArrayList<>();
        if (nginx) {
            lines.add("ssl_certificate " + certificatePath(domain) + ";");
            lines.add("ssl_certificate_key " + keyPath(domain) + ";");
            lines.add("ssl_protocols TLSv1.2 TLSv1.3;");
            lines.add("ssl_prefer_server_ciphers off;");
            lines.add("ssl_session_cache shared:BosunTLS:10m;");
            lines.add("ssl_session_timeout 1d;");
            lines.add("ssl_session_tickets off;");
            if (tls.hsts()) {
                lines.add("add_header Strict-Transport-Security \"max-age=31536000\" always;");
            }
        } else {
            lines.add("SSLEngine on");
            lines.add("SSLCertificateFile " + certificatePath(domain));
            lines.add("SSLCertificateKeyFile " + keyPath(domain));
            lines.add("SSLProtocol -all +TLSv1.2 +TLSv1.3");
            lines.add("SSLHonorCipherOrder off");
            lines.add("SSLSessionTickets off");
            if (tls.hsts()) {
                lines.add("Header always set Strict-Transport-Security \"max-age=31536000\"");
            }
        }
        values.put("tls", "    " + String.join("\n    ", lines));
        return values;
    }

    /** {@code https://<domain>}, with the port when it is not 443. */
    private String httpsUrl(String domain) {
        return "https://" + domain + (service.httpsPort() == 443 ? "" : ":" + service.httpsPort());
    }

    private String acmeLocation() {
        String webroot = webroot();
        if (service.type() == HttpType.NGINX) {
            return "    location ^~ /.well-known/acme-challenge/ {\n        root " + webroot
                    + ";\n        default_type text/plain;\n        try_files $uri =404;\n    }";
        }
        return "    Alias /.well-known/acme-challenge/ " + webroot + "/.well-known/acme-challenge/\n"
                + "    <Directory " + webroot + "/.well-known/acme-challenge>\n        Require all granted\n"
                + "    </Directory>";
    }

    /** The ACME webroot: challenges are files in {@code <webroot>/.well-known/acme-challenge/}. */
    private String webroot() {
        return Names.path("TLS folder", service.tlsDirectory()) + "/webroot";
    }

    private String certificateDir(String domain) {
        return Names.path("TLS folder", service.tlsDirectory()) + "/" + Names.domain(domain);
    }

    String certificatePath(String domain) {
        return certificateDir(domain) + "/fullchain.pem";
    }

    String keyPath(String domain) {
        return certificateDir(domain) + "/privkey.pem";
    }

    @Override
    public void installCertificate(String domain, String fullChainPem, String keyPem, TaskLogger log) {
        String dir = certificateDir(domain);
        boolean existed = shell.run(Command.script(KEEP_PREVIOUS_CERTIFICATE, dir), log, COMMAND_TIMEOUT)
                .orThrow("Keeping the certificate files in " + dir + " on " + server.name()).stdout()
                .contains("existed");
        replacedCertificates.put(Names.domain(domain), existed);
        shell.run(Command.of("mkdir", "-p", "-m", "700", dir), log, COMMAND_TIMEOUT)
                .orThrow("Creating " + dir + " on " + server.name());
        pushPrivate(fullChainPem, certificatePath(domain), log);
        pushPrivate(keyPem, keyPath(domain), log);
        log.ok("Certificate and key of " + domain + " put in " + dir + " on " + server.name() + " (0600)");
    }

    @Override
    public void removeCertificate(String domain, TaskLogger log) {
        String dir = certificateDir(domain);
        replacedCertificates.remove(Names.domain(domain));
        CommandResult result = shell.run(Command.script(REMOVE_IF_THERE, dir), log, COMMAND_TIMEOUT)
                .orThrow("Removing " + dir + " on " + server.name());
        log.info(result.stdout().contains("removed") ? "Removed the certificate of " + domain + " from " + server.name()
                : "No certificate of " + domain + " on " + server.name() + " to remove");
    }

    @Override
    public void writeChallenge(String token, String keyAuthorization, TaskLogger log) {
        String dir = webroot() + "/.well-known/acme-challenge";
        shell.run(Command.of("mkdir", "-p", dir), log, COMMAND_TIMEOUT).orThrow("Creating " + dir);
        Path file = tempFile(keyAuthorization, "rw-r--r--");
        try {
            shell.push(file, dir + "/" + challengeToken(token));
        } finally {
            deleteQuietly(file);
        }
        shell.run(Command.of("chmod", "644", dir + "/" + challengeToken(token)), log, COMMAND_TIMEOUT)
                .orThrow("Making the ACME challenge readable");
    }

    @Override
    public void removeChallenge(String token, TaskLogger log) {
        shell.run(Command.of("rm", "-f", "--", webroot() + "/.well-known/acme-challenge/" + challengeToken(token)),
                log, COMMAND_TIMEOUT);
    }

    /** ACME tokens are base64url (RFC 8555 section 8.3): nothing else reaches a path. */
    private static String challengeToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{16,200}")) {
            throw new InvalidNameException("ACME token", "Not an ACME challenge token: " + Names.printable(String.valueOf(token)));
        }
        return token;
    }

    private void pushPrivate(String content, String remotePath, TaskLogger log) {
        Path file = tempFile(content, "rw-------");
        try {
            shell.push(file, remotePath);
        } finally {
            deleteQuietly(file);
        }
        shell.run(Command.of("chmod", "600", remotePath), log, COMMAND_TIMEOUT).orThrow("chmod 600 " + remotePath);
    }

    private Path tempFile(String content, String mode) {
        try {
            Path dir = Files.createDirectories(masterDir.getParent().resolve("tmp"));
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Path file = Files.createTempFile(dir, "bosun-", ".pem", java.nio.file.attribute.PosixFilePermissions
                    .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString(mode)));
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new ShellException("Cannot write a temporary file: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a 0600 file in the panel's own folder; the next write replaces the folder's content anyway
        }
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

    @Override
    public int answerHttps(String hostName, String path) {
        return HostRequest.statusOverTls(address(), service.httpsPort(), hostName, path);
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
        Boolean certificateDirExisted = replacedCertificates.remove(domain);
        try {
            configTest(log);
        } catch (ShellException refused) {
            restore(domain, previous, log);
            String certificate = certificateDirExisted == null ? "" : putCertificateBack(domain,
                    certificateDirExisted, log);
            throw new ShellException(label() + " refused the new vhost of " + domain + refusal(refused)
                    + (previous == null ? " The new file was removed." : " The previous vhost was put back.")
                    + certificate, refused);
        }
        if (certificateDirExisted != null) {
            shell.run(Command.script(DROP_PREVIOUS_CERTIFICATE, certificateDir(domain)), log, COMMAND_TIMEOUT);
        }
        reload(log);
    }

    /**
     * After a refused vhost: the certificate files installed for it give way to those they replaced (or go, when
     * there were none), so the vhost put back finds the files it used. A failure here is logged, the refusal stays
     * the error.
     */
    private String putCertificateBack(String domain, boolean dirExisted, TaskLogger log) {
        String dir = certificateDir(domain);
        CommandResult result = shell.run(Command.script(PUT_PREVIOUS_CERTIFICATE_BACK, dir, dirExisted ? "0" : "1"),
                log, COMMAND_TIMEOUT);
        if (!result.ok()) {
            log.error("Could not put the previous certificate files of " + domain + " back in " + dir + " on "
                    + server.name() + result.detail());
            return " The new certificate files could not be taken back from " + dir + ".";
        }
        String what = dirExisted ? "The previous certificate files of " + domain + " are back in " + dir
                : "The new certificate files of " + domain + " were removed from " + server.name();
        log.warning(what);
        return " " + what + ".";
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
        values.put("tls", "");
        values.put("acme", acmeLocation());
        values.put("redirects", "");
        values.put("canonical", service.type() == HttpType.NGINX ? "$scheme://" + domain : "http://" + domain);
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
