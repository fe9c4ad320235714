package dev.bosun.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Clients and the users that act for them. */
@Service
public class ClientService {

    private static final String SELECT = """
            SELECT c.id, c.name, c.email, c.created_at,
                   (SELECT count(*) FROM client_users u WHERE u.client_id = c.id) AS users
            FROM clients c
            """;

    private final JdbcClient jdbc;
    private final AccountService accounts;
    private final ClientSites sites;
    private final AuditLog auditLog;
    private final Clock clock;

    ClientService(JdbcClient jdbc, AccountService accounts, ClientSites sites, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.sites = sites;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The clients the scope allows, by name. */
    @Transactional(readOnly = true)
    public List<ClientInfo> list(ClientScope scope) {
        if (scope.all()) {
            return withSites(jdbc.sql(SELECT + " ORDER BY lower(c.name)").query(ClientService::row).list());
        }
        return withSites(jdbc.sql(SELECT + " WHERE c.id IN (:ids) ORDER BY lower(c.name)").param("ids", scope.idsForSql())
                .query(ClientService::row).list());
    }

    @Transactional(readOnly = true)
    public Optional<ClientInfo> find(long id) {
        return jdbc.sql(SELECT + " WHERE c.id = :id").param("id", id).query(ClientService::row).optional()
                .map(client -> withSites(List.of(client)).get(0));
    }

    @Transactional(readOnly = true)
    public ClientInfo get(long id) {
        return find(id).orElseThrow(() -> new ClientNotFoundException(id));
    }

    @Transactional
    public ClientInfo create(ClientForm form) {
        try {
            long id = jdbc.sql("INSERT INTO clients (name, email, created_at, updated_at) VALUES (:name, :email, :now, :now) RETURNING id")
                    .param("name", form.name().strip()).param("email", blankToNull(form.email()))
                    .param("now", Timestamp.from(clock.instant()))
                    .query(Long.class).single();
            auditLog.record("client.create", "client", id, form.name().strip());
            return get(id);
        } catch (DuplicateKeyException duplicate) {
            throw new InvalidInputException("name", "A client with this name exists already.");
        }
    }

    @Transactional
    public ClientInfo update(long id, ClientForm form) {
        get(id);
        try {
            jdbc.sql("UPDATE clients SET name = :name, email = :email, updated_at = :now WHERE id = :id")
                    .param("name", form.name().strip()).param("email", blankToNull(form.email()))
                    .param("now", Timestamp.from(clock.instant())).param("id", id)
                    .update();
        } catch (DuplicateKeyException duplicate) {
            throw new InvalidInputException("name", "A client with this name exists already.");
        }
        auditLog.record("client.update", "client", id, form.name().strip());
        return get(id);
    }

    /** Creates a CLIENT user that sees this client's sites. */
    @Transactional
    public UserSummary addUser(long clientId, ClientUserForm form) {
        get(clientId);
        if (accounts.findUser(form.username()).isPresent()) {
            throw new InvalidInputException("username", "This user name is taken.");
        }
        UserSummary user = accounts.createUser(form.username(), form.password(), Role.CLIENT, blankToNull(form.email()));
        jdbc.sql("INSERT INTO client_users (client_id, user_id) VALUES (:client, :user)")
                .param("client", clientId).param("user", user.id()).update();
        auditLog.record("client.user-add", "client", clientId, form.username());
        return user;
    }

    @Transactional(readOnly = true)
    public List<UserSummary> users(long clientId) {
        return jdbc.sql("""
                SELECT u.username FROM users u JOIN client_users cu ON cu.user_id = u.id
                WHERE cu.client_id = :client ORDER BY lower(u.username)""")
                .param("client", clientId).query(String.class).list().stream()
                .map(name -> accounts.findUser(name).orElseThrow())
                .toList();
    }

    /** The clients with their count of sites, which the site module keeps. */
    private List<ClientInfo> withSites(List<ClientInfo> clients) {
        Map<Long, Long> counts = sites.liveSiteCounts(clients.stream().map(ClientInfo::id).toList());
        return clients.stream().map(client -> new ClientInfo(client.id(), client.name(), client.email(),
                counts.getOrDefault(client.id(), 0L), client.users(), client.createdAt())).toList();
    }

    private static ClientInfo row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ClientInfo(rs.getLong("id"), rs.getString("name"), rs.getString("email"), 0,
                rs.getLong("users"), rs.getTimestamp("created_at").toInstant());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
