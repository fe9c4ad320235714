package dev.bosun.server;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.BosunProperties;
import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog;
import dev.bosun.secret.SecretBox;
import dev.bosun.server.ServerRegistration.DbSettings;
import dev.bosun.server.ServerRegistration.HttpSettings;
import dev.bosun.server.internal.RegistrationValidator;
import dev.bosun.server.internal.ServerStore;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Servers and their http and db services: registration, edits, look-ups, the master, host keys. */
@Service
public class ServerService {

    private final ServerStore servers;
    private final SecretBox secrets;
    private final ObjectProvider<TaskService> tasks;
    private final TaskQueries taskQueries;
    private final AuditLog auditLog;
    private final BosunProperties properties;
    private final Clock clock;

    /** The task service is looked up when needed: task handlers use this service, and the task service uses them. */
    ServerService(ServerStore servers, SecretBox secrets, ObjectProvider<TaskService> tasks,
                  TaskQueries taskQueries, AuditLog auditLog, BosunProperties properties, Clock clock) {
        this.servers = servers;
        this.secrets = secrets;
        this.tasks = tasks;
        this.taskQueries = taskQueries;
        this.auditLog = auditLog;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public long count() {
        return servers.count();
    }

    @Transactional(readOnly = true)
    public List<ServerInfo> list() {
        return servers.findAll();
    }

    @Transactional(readOnly = true)
    public Optional<ServerInfo> find(long id) {
        return servers.findById(id);
    }

    @Transactional(readOnly = true)
    public ServerInfo get(long id) {
        return servers.findById(id).orElseThrow(() -> new ServerNotFoundException(id));
    }

    /** The names of these servers, by id (unknown ids are missing). */
    @Transactional(readOnly = true)
    public Map<Long, String> names(Collection<Long> ids) {
        return servers.names(ids);
    }

    /** The name of the server of each of these db services, by service id (unknown ids are missing). */
    @Transactional(readOnly = true)
    public Map<Long, String> dbServerNames(Collection<Long> serviceIds) {
        return servers.dbServerNames(serviceIds);
    }

    /** The machine running the panel (local shell, no SSH), when registered. */
    @Transactional(readOnly = true)
    public Optional<ServerInfo> master() {
        return servers.findMaster();
    }

    @Transactional(readOnly = true)
    public Optional<DbServiceInfo> dbService(long serviceId) {
        return servers.findDbService(serviceId);
    }

    /** The latest tasks on the server, newest first. */
    @Transactional(readOnly = true)
    public List<TaskSummary> latestTasks(long id, int limit) {
        return taskQueries.latest(TargetType.SERVER, id, limit);
    }

    /**
     * Why no site may be placed on the server now: its last finished verify failed (a site installed there would
     * fail the same way). Empty when that verify passed, or none has finished yet.
     */
    @Transactional(readOnly = true)
    public Optional<String> placementProblem(long serverId) {
        ServerInfo server = get(serverId);
        return taskQueries.latest(TargetType.SERVER, serverId, 20).stream()
                .filter(task -> task.type().equals("verify") && task.status().isFinished()
                        && task.status() != TaskStatus.CANCELLED)
                .findFirst()
                .filter(task -> task.status() == TaskStatus.ERROR)
                .map(task -> "The last verify of server " + server.name() + " failed (task " + task.id()
                        + "): fix what its log says and verify the server again before placing sites on it.");
    }

    /** {@link #placementProblem} of the server that offers the db service. */
    @Transactional(readOnly = true)
    public Optional<String> dbPlacementProblem(long dbServiceId) {
        return dbService(dbServiceId).flatMap(db -> placementProblem(db.serverId()));
    }

    /** Registers a server with its services and queues its verify task. */
    @Transactional
    public ServerInfo register(ServerRegistration registration) {
        ServerRegistration valid = validate(registration, null);
        long id;
        try {
            id = servers.insertServer(valid.name(), valid.hostname(), valid.port(), valid.sshUser(), valid.isMaster(),
                    clock.instant());
        } catch (DataIntegrityViolationException e) {
            throw conflict(valid);
        }
        saveServices(id, valid);
        auditLog.record("server.register", "server", id, valid.name() + " (" + valid.hostname() + ")");
        verify(id);
        return get(id);
    }

    /** Changes a server; a blank db admin password keeps the stored one. */
    @Transactional
    public ServerInfo update(long id, ServerRegistration registration) {
        get(id);
        ServerRegistration valid = validate(registration, id);
        try {
            servers.updateServer(id, valid.name(), valid.hostname(), valid.port(), valid.sshUser(), valid.isMaster(),
                    clock.instant());
        } catch (DataIntegrityViolationException e) {
            throw conflict(valid);
        }
        saveServices(id, valid);
        tasks.getObject().relabel(TargetType.SERVER, id, valid.name());
        auditLog.record("server.update", "server", id, valid.name() + " (" + valid.hostname() + ")");
        return get(id);
    }

    /**
     * Records whether the server's web service loads the vhosts Bosun writes: {@code false} where they are written
     * but nothing serves them (the demo without nginx), so that site tasks do not ask the site for a page.
     */
    @Transactional
    public void markHttpServed(long id, boolean served) {
        get(id);
        servers.markServed(id, served);
    }

    /**
     * The web service's HTTPS settings: the port its TLS vhosts listen on and the folder of certificates and
     * ACME challenges on the server ({@code null} or blank: {@code bosun-tls} beside the vhost folder).
     */
    @Transactional
    public ServerInfo changeHttps(long id, int httpsPort, String tlsDir) {
        ServerInfo server = get(id);
        if (server.http() == null) {
            throw new IllegalArgumentException("Server " + server.name() + " has no web service");
        }
        if (httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("Not a port: " + httpsPort);
        }
        String dir = tlsDir == null || tlsDir.isBlank() ? null : Names.path("TLS folder", tlsDir);
        servers.saveHttps(id, httpsPort, dir, clock.instant());
        auditLog.record("server.https", "server", id, server.name() + " HTTPS port " + httpsPort);
        return get(id);
    }

    /** Queues the server's verify task (or returns the one already open); returns the task id. */
    @Transactional
    public long queueVerify(long id) {
        ServerInfo server = get(id);
        long taskId = verify(id);
        auditLog.record("server.verify", "server", id, server.name());
        return taskId;
    }

    private long verify(long id) {
        return tasks.getObject().queue(new TaskRequest("verify", TargetType.SERVER, id, null, id, Map.of(), null)
                .listedAs(get(id).name(), null)).task().id();
    }

    /** Forgets the pinned SSH host key, so that the next verify pins the key the server shows then. */
    @Transactional
    public void forgetHostKey(long id) {
        ServerInfo server = get(id);
        servers.forgetHostKey(id, clock.instant());
        auditLog.record("server.forget-host-key", "server", id, server.name() + " " + server.hostKeyFingerprint());
    }

    private ServerRegistration validate(ServerRegistration registration, Long id) {
        ServerRegistration valid = new RegistrationValidator(properties.homeDir()).check(registration);
        if (servers.findIdByName(valid.name()).filter(other -> !other.equals(id)).isPresent()) {
            throw conflict(valid);
        }
        Optional<ServerInfo> master = servers.findMaster().filter(other -> id == null || other.id() != id);
        if (valid.isMaster() && master.isPresent()) {
            throw new InvalidInputException("master", "Server " + master.get().name()
                    + " is already the master; there is only one.");
        }
        return valid;
    }

    private void saveServices(long id, ServerRegistration valid) {
        HttpSettings http = valid.http();
        if (http != null) {
            servers.saveHttpService(id, http.type(), http.vhostDir(), http.configTestCommand(), http.reloadCommand(),
                    http.port(), http.phpFastcgi(), clock.instant());
            if (http.httpsPort() != null || http.tlsDir() != null) {
                servers.saveHttps(id, http.httpsPort() == null ? 443 : http.httpsPort(), http.tlsDir(), clock.instant());
            }
        } else if (!servers.deleteHttpService(id)) {
            throw new InvalidInputException("http.type", "Platforms still live on this server's web service.");
        }
        DbSettings db = valid.db();
        if (db != null) {
            String password = db.adminPassword() == null || db.adminPassword().isEmpty() ? null : secrets.encrypt(db.adminPassword());
            servers.saveDbService(id, db.type(), db.host(), db.port(), db.adminUser(),
                    password == null && isNewDb(id) ? secrets.encrypt("") : password, clock.instant());
        } else if (!servers.deleteDbService(id)) {
            throw new InvalidInputException("db.type", "The database service still holds site databases.");
        }
    }

    private boolean isNewDb(long id) {
        return servers.findById(id).map(ServerInfo::db).isEmpty();
    }

    private static InvalidInputException conflict(ServerRegistration valid) {
        return new InvalidInputException("name", "A server named " + valid.name() + " already exists.");
    }
}
