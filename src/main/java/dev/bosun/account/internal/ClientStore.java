package dev.bosun.account.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.account.UserSummary;
import org.springframework.stereotype.Component;

/**
 * The {@code clients} and {@code client_users} tables for the account services: entities stay in
 * here, rows and summaries go out. Transactions are the calling service's.
 */
@Component
public class ClientStore {

    private final ClientRepository clients;
    private final ClientUserRepository links;

    ClientStore(ClientRepository clients, ClientUserRepository links) {
        this.clients = clients;
        this.links = links;
    }

    /** Every client, or those with {@code ids} when not null, by name. */
    public List<ClientRow> list(Collection<Long> ids) {
        return ids == null ? clients.findRows() : clients.findRows(ids);
    }

    public Optional<ClientRow> find(long id) {
        return clients.findRow(id);
    }

    /** The new client's id; a name taken already (in any case) fails on the unique index. */
    public long create(String name, String email, Instant now) {
        return clients.saveAndFlush(new Client(name, email, now)).getId();
    }

    /** False when there is no such client; a name taken already fails on the unique index. */
    public boolean update(long id, String name, String email, Instant now) {
        Optional<Client> client = clients.findById(id);
        client.ifPresent(found -> {
            found.rename(name, email, now);
            clients.flush();
        });
        return client.isPresent();
    }

    public void link(long clientId, long userId) {
        links.save(new ClientUser(clientId, userId));
    }

    /** Links the user to exactly these clients (none: to no client). */
    public void relink(long userId, Collection<Long> clientIds) {
        links.deleteAll(links.findAllByUserId(userId));
        links.flush();
        clientIds.stream().distinct().forEach(clientId -> links.save(new ClientUser(clientId, userId)));
    }

    /** The users linked to the client, by name. */
    public List<UserSummary> users(long clientId) {
        return links.findUsers(clientId).stream().map(UserAccount::summary).toList();
    }

    /** The clients the user is linked to, by id. */
    public List<Long> clientIdsOf(long userId) {
        return links.findClientIds(userId);
    }

    /** The clients each of these users is linked to, by id, in one query (a user without any is missing). */
    public Map<Long, List<Long>> clientIdsOf(Collection<Long> userIds) {
        Map<Long, List<Long>> clientIds = new HashMap<>();
        if (!userIds.isEmpty()) {
            for (Object[] link : links.findClientIds(userIds)) {
                clientIds.computeIfAbsent((Long) link[0], user -> new ArrayList<>()).add((Long) link[1]);
            }
        }
        return clientIds;
    }
}
