package dev.bosun.server.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import dev.bosun.server.ServiceUsage;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The server module's records ({@code servers}, {@code services}) as the module's public records: entities stay
 * here. Writes join the caller's transaction, or open one when a task handler calls directly.
 */
@Component
public class ServerStore {

    private final ServerRepository servers;
    private final ServiceRepository services;
    private final HttpServiceRepository httpServices;
    private final DbServiceRepository dbServices;
    private final JdbcClient jdbc;
    private final List<ServiceUsage> usages;

    ServerStore(ServerRepository servers, ServiceRepository services, HttpServiceRepository httpServices,
                DbServiceRepository dbServices, JdbcClient jdbc, List<ServiceUsage> usages) {
        this.usages = usages;
        this.servers = servers;
        this.services = services;
        this.httpServices = httpServices;
        this.dbServices = dbServices;
        this.jdbc = jdbc;
    }

    /** All servers, the master first, then by name. */
    @Transactional(readOnly = true)
    public List<ServerInfo> findAll() {
        List<ServerEntity> all = servers.findAllMasterFirst();
        Map<Long, List<ServiceEntity>> byServer = services.findByServerIdIn(all.stream().map(ServerEntity::getId).toList())
                .stream().collect(Collectors.groupingBy(ServiceEntity::getServerId));
        return all.stream().map(server -> info(server, byServer.getOrDefault(server.getId(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ServerInfo> findById(long id) {
        return servers.findById(id).map(this::withServices);
    }

    @Transactional(readOnly = true)
    public Optional<ServerInfo> findMaster() {
        return servers.findByMasterTrue().map(this::withServices);
    }

    /** The names of these servers, by id. */
    @Transactional(readOnly = true)
    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            servers.findAllById(ids).forEach(server -> names.put(server.getId(), server.getName()));
        }
        return names;
    }

    /** The name of the server of each of these db services, by service id. */
    @Transactional(readOnly = true)
    public Map<Long, String> dbServerNames(Collection<Long> serviceIds) {
        Map<Long, String> names = new HashMap<>();
        if (serviceIds.isEmpty()) {
            return names;
        }
        List<DbServiceEntity> services = dbServices.findAllById(serviceIds);
        Map<Long, String> serverNames = names(services.stream().map(ServiceEntity::getServerId).toList());
        services.forEach(service -> names.put(service.getId(), serverNames.get(service.getServerId())));
        return names;
    }

    @Transactional(readOnly = true)
    public Optional<Long> findIdByName(String name) {
        return servers.findIdByName(name);
    }

    @Transactional(readOnly = true)
    public Optional<DbServiceInfo> findDbService(long serviceId) {
        return dbServices.findById(serviceId).map(DbServiceEntity::info);
    }

    /** The db service's admin password as stored: {@code SecretBox} ciphertext, decrypted where it is used. */
    @Transactional(readOnly = true)
    public Optional<String> findDbAdminPassword(long serviceId) {
        return dbServices.findById(serviceId).map(DbServiceEntity::getAdminPasswordEncrypted);
    }

    /** Records a new server (QUEUED); a taken name or a second master fails here, at the insert. */
    @Transactional
    public long insertServer(String name, String hostname, int port, String sshUser, boolean master, Instant now) {
        return servers.saveAndFlush(new ServerEntity(name, hostname, port, sshUser, master, now)).getId();
    }

    /** Updates the server; a new address forgets the pinned host key, which belonged to the old one. */
    @Transactional
    public void updateServer(long id, String name, String hostname, int port, String sshUser, boolean master,
                             Instant now) {
        servers.findById(id).ifPresent(server -> server.change(name, hostname, port, sshUser, master, now));
        servers.flush();
    }

    @Transactional
    public void saveHttpService(long serverId, HttpType type, String vhostDir, String configTest, String reload,
                                int port, String phpFastcgi, Instant now) {
        HttpServiceEntity http = httpServices.findByServerId(serverId).orElseGet(() -> new HttpServiceEntity(serverId, now));
        http.change(type, vhostDir, configTest, reload, port, phpFastcgi, now);
        httpServices.save(http);
    }

    /** Records whether the server's web service loads the vhosts written for it; false when it has none. */
    @Transactional
    public boolean markServed(long serverId, boolean served) {
        return httpServices.findByServerId(serverId).map(http -> {
            http.served(served);
            httpServices.save(http);
            return true;
        }).orElse(false);
    }

    @Transactional
    public void saveHttps(long serverId, int httpsPort, String tlsDir, Instant now) {
        httpServices.findByServerId(serverId).ifPresent(http -> http.changeHttps(httpsPort, tlsDir, now));
    }

    /** Saves the db service; a null {@code passwordEncrypted} keeps the stored password. */
    @Transactional
    public void saveDbService(long serverId, DbType type, String host, int port, String adminUser,
                              String passwordEncrypted, Instant now) {
        DbServiceEntity db = dbServices.findByServerId(serverId).orElseGet(() -> new DbServiceEntity(serverId, now));
        db.change(type, host, port, adminUser, passwordEncrypted, now);
        dbServices.save(db);
    }

    /** Removes the web service unless a live platform uses it; false when one does. */
    @Transactional
    public boolean deleteHttpService(long serverId) {
        if (usages.stream().anyMatch(usage -> usage.livePlatformsOn(serverId) > 0)) {
            return false;
        }
        httpServices.findByServerId(serverId).ifPresent(httpServices::delete);
        return true;
    }

    /** Removes the db service unless a site's database is on it; false when one is. */
    @Transactional
    public boolean deleteDbService(long serverId) {
        Optional<DbServiceEntity> db = dbServices.findByServerId(serverId);
        if (db.isEmpty()) {
            return true;
        }
        long serviceId = db.get().getId();
        if (usages.stream().anyMatch(usage -> usage.sitesOnDbService(serviceId) > 0)) {
            return false;
        }
        dbServices.delete(db.get());
        return true;
    }

    /** Pins the host key where none is pinned yet. */
    @Transactional
    public void pinHostKey(long serverId, String hostKey) {
        servers.pinHostKey(serverId, hostKey);
    }

    @Transactional
    public void forgetHostKey(long serverId, Instant now) {
        servers.findById(serverId).ifPresent(server -> server.forgetHostKey(now));
    }

    /** After a successful verify: a QUEUED or ENABLED server and all its services are ENABLED. */
    @Transactional
    public void markVerified(long serverId, Instant now) {
        servers.markVerified(serverId, now, ServerStatus.QUEUED, ServerStatus.ENABLED);
        services.setStatusOfServer(serverId, ServerStatus.ENABLED);
    }

    @Transactional(readOnly = true)
    public long count() {
        return servers.count();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private ServerInfo withServices(ServerEntity server) {
        return info(server, services.findByServerIdIn(List.of(server.getId())));
    }

    private static ServerInfo info(ServerEntity server, Collection<ServiceEntity> services) {
        HttpServiceInfo http = null;
        DbServiceInfo db = null;
        for (ServiceEntity service : services) {
            if (service instanceof HttpServiceEntity web) {
                http = web.info();
            } else if (service instanceof DbServiceEntity database) {
                db = database.info();
            }
        }
        return new ServerInfo(server.getId(), server.getName(), server.getHostname(), server.getPort(),
                server.getSshUser(), server.isMaster(), server.getStatus(), server.getHostKey(), server.getVerifiedAt(),
                http, db);
    }
}
