package dev.bosun.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.bosun.account.internal.AuditStore;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The audit log: who did what to which object, and from where. */
@Service
public class AuditLog {

    private final AuditStore store;
    private final Clock clock;

    AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records an action of the current user (or of the system when there is none). */
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(String action, String targetType, Long targetId, String details) {
        recordAs(currentUsername(), action, targetType, targetId, details);
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public void recordAs(String username, String action, String targetType, Long targetId, String details) {
        store.append(clock.instant(), username, action, targetType, targetId, details, remoteAddress());
    }

    @Transactional(readOnly = true)
    public List<AuditEntry> latest(int limit) {
        return store.latest(limit);
    }

    /** A page of the entries the query finds, newest first (keyset paging on the entry id). */
    @Transactional(readOnly = true)
    public AuditPage search(AuditQuery query) {
        List<AuditEntry> found = store.search(query, query.size() + 1);
        if (found.size() <= query.size()) {
            return new AuditPage(found, null);
        }
        List<AuditEntry> page = found.subList(0, query.size());
        return new AuditPage(List.copyOf(page), page.get(page.size() - 1).id());
    }

    /** The signed-in user, or "system" for work not done on a user's behalf. */
    public static String currentUsername() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }

    public record AuditEntry(long id, Instant at, String username, String action, String targetType, Long targetId,
                             String details, String remoteAddr) {
    }
}
