package dev.bosun.server.internal;

import java.time.Instant;

import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Entity;

/** A web service: where vhosts go and how the web server's configuration is tested and reloaded. */
@Entity
@DiscriminatorValue("http")
class HttpServiceEntity extends ServiceEntity {

    @Convert(converter = TypeCodes.Http.class)
    @Column(nullable = false)
    private HttpType type;

    @Column(name = "vhost_dir")
    private String vhostDir;

    @Column(name = "config_test_cmd")
    private String configTestCommand;

    @Column(name = "reload_cmd")
    private String reloadCommand;

    @Column(name = "php_fastcgi")
    private String phpFastcgi;

    @Column(name = "served", nullable = false)
    private boolean served = true;

    @Column(name = "https_port", nullable = false)
    private int httpsPort = 443;

    @Column(name = "tls_dir")
    private String tlsDir;

    protected HttpServiceEntity() {
    }

    HttpServiceEntity(long serverId, Instant now) {
        super(serverId, now);
    }

    void change(HttpType type, String vhostDir, String configTestCommand, String reloadCommand, int port,
                String phpFastcgi, Instant now) {
        this.type = type;
        this.vhostDir = vhostDir;
        this.configTestCommand = configTestCommand;
        this.reloadCommand = reloadCommand;
        this.phpFastcgi = phpFastcgi;
        changed(port, now);
    }

    void served(boolean served) {
        this.served = served;
    }

    void changeHttps(int httpsPort, String tlsDir, Instant now) {
        this.httpsPort = httpsPort;
        this.tlsDir = tlsDir;
        changed(getPort(), now);
    }

    HttpServiceInfo info() {
        return new HttpServiceInfo(getId(), getServerId(), type, vhostDir, configTestCommand, reloadCommand, getPort(),
                phpFastcgi, getStatus(), served, httpsPort, tlsDir);
    }
}
