package dev.bosun.account;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.account.internal.ClientRow;
import dev.bosun.account.internal.ClientStore;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Clients and the users that act for them. */
@Service
public class ClientService {

    private final ClientStore store;
    private final ClientSites sites;
    private final AccountService accounts;
    private final AuditLog auditLog;
    private final Clock clock;

    ClientService(ClientStore store, ClientSites sites, AccountService accounts, AuditLog auditLog, Clock clock) {
        this.store = store;
        this.sites = sites;
        this.accounts = accounts;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** A page (from 0) of the clients the scope allows, by name; sites are counted for the page's clients only. */
    @Transactional(readOnly = true)
    public NumberedPage<ClientInfo> page(ClientScope scope, int page) {
        List<ClientRow> rows = store.list(scope.all() ? null : scope.idsForSql());
        int from = Math.min(rows.size(), NumberedPage.offset(page));
        List<ClientRow> slice = rows.subList(from, Math.min(rows.size(), from + NumberedPage.SIZE));
        Map<Long, Long> counts = sites.liveSiteCounts(slice.stream().map(ClientRow::id).toList());
        return new NumberedPage<>(slice.stream().map(row -> row.info(counts.getOrDefault(row.id(), 0L))).toList(), page,
                rows.size());
    }

    /** The clients the scope allows, by name. */
    @Transactional(readOnly = true)
    public List<ClientInfo> list(ClientScope scope) {
        List<ClientRow> rows = store.list(scope.all() ? null : scope.idsForSql());
        Map<Long, Long> counts = sites.liveSiteCounts(rows.stream().map(ClientRow::id).toList());
        return rows.stream().map(row -> row.info(counts.getOrDefault(row.id(), 0L))).toList();
    }

    /** The names of these clients, by id (unknown ids are missing). */
    @Transactional(readOnly = true)
    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            store.list(ids).forEach(row -> names.put(row.id(), row.name()));
        }
        return names;
    }

    @Transactional(readOnly = true)
    public Optional<ClientInfo> find(long id) {
        return store.find(id).map(row -> row.info(sites.liveSiteCounts(List.of(id)).getOrDefault(id, 0L)));
    }

    @Transactional(readOnly = true)
    public ClientInfo get(long id) {
        return find(id).orElseThrow(() -> new ClientNotFoundException(id));
    }

    @Transactional
    public ClientInfo create(ClientForm form) {
        long id;
        try {
            id = store.create(form.name().strip(), blankToNull(form.email()), clock.instant());
        } catch (DataIntegrityViolationException duplicate) {
            throw new InvalidInputException("name", "A client with this name exists already.");
        }
        auditLog.record("client.create", "client", id, form.name().strip());
        return get(id);
    }

    @Transactional
    public ClientInfo update(long id, ClientForm form) {
        boolean found;
        try {
            found = store.update(id, form.name().strip(), blankToNull(form.email()), clock.instant());
        } catch (DataIntegrityViolationException duplicate) {
            throw new InvalidInputException("name", "A client with this name exists already.");
        }
        if (!found) {
            throw new ClientNotFoundException(id);
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
        store.link(clientId, user.id());
        auditLog.record("client.user-add", "client", clientId, form.username());
        return user;
    }

    @Transactional(readOnly = true)
    public List<UserSummary> users(long clientId) {
        return store.users(clientId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
