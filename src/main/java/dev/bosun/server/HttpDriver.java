package dev.bosun.server;

import java.nio.file.Path;

import dev.bosun.task.TaskLogger;

/**
 * Vhosts on one web service. Each write goes to the master's copy, is pushed to the server, tested with the
 * service's config-test command and then reloaded; when the test fails, the previous file is put back and the
 * step fails with the web server's message.
 */
public interface HttpDriver {

    HttpServiceInfo service();

    void writeSiteVhost(SiteVhost vhost, TaskLogger log);

    void writeDisabledVhost(DisabledVhost vhost, TaskLogger log);

    /** Removes the domain's vhost (tolerating that it is gone) and reloads. */
    void removeVhost(String domain, TaskLogger log);

    /**
     * Puts the domain's certificate (the full chain, PEM) and private key (PEM) on the web server, both 0600 in
     * {@code <tls dir>/<domain>/}; a vhost with {@link SiteVhost.Tls} uses them. Not reloaded: the vhost write is.
     * When the web server refuses the next vhost of the domain written through this driver, the files replaced here
     * are put back (or the new ones removed, when there were none), with the previous vhost.
     */
    void installCertificate(String domain, String fullChainPem, String keyPem, TaskLogger log);

    /** Removes the domain's certificate and key from the web server (tolerating that they are gone). */
    void removeCertificate(String domain, TaskLogger log);

    /** Puts an ACME HTTP-01 answer where every Bosun vhost serves {@code /.well-known/acme-challenge/<token>}. */
    void writeChallenge(String token, String keyAuthorization, TaskLogger log);

    void removeChallenge(String token, TaskLogger log);

    void configTest(TaskLogger log);

    void reload(TaskLogger log);

    /**
     * The status code with which this web service answers {@code GET path} for {@code hostName}, asked at the
     * server's address and the service's port as a visitor would; a {@link ShellException} when it does not answer.
     */
    int answer(String hostName, String path);

    /** As {@link #answer}, over TLS on the HTTPS port with {@code hostName} as SNI; the certificate is not judged. */
    int answerHttps(String hostName, String path);

    /** The master's copy of the domain's vhost: {@code <home>/config/<server>/<type>/vhost.d/<domain>}. */
    Path masterCopy(String domain);

    /** The vhost's path on the web server. */
    String serverPath(String domain);
}
