package dev.bosun.server;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tags under which this panel tracks the processes of its tasks on servers ({@link TrackedProcesses}). They
 * name the panel installation as well as the task: task ids are only unique within one panel database, and two
 * panels with their own databases (a staging and a production panel, two test runs on one machine) may manage the
 * same server, so a tag of the task id alone would let one panel's takeover stop the other's processes.
 *
 * <p>The panel id is made once per database: a random id stored in {@code panel_identity}, the same for every
 * node of the panel (they share the database, any of them may take a task over) and across restarts. Nodes that
 * start together on a fresh database agree on it: each inserts its own candidate unless a row is there, then all
 * read the row that won.
 */
@Service
public class ProcessTags {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private volatile String panelId;

    ProcessTags(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** This panel's id: 12 lowercase hexadecimal digits, made and stored the first time any node asks. */
    public String panelId() {
        String known = panelId;
        if (known == null) {
            // its own transaction: a caller's rollback must not take back an id this node already uses
            known = ownTransaction.execute(status -> {
                jdbc.sql("INSERT INTO panel_identity (id, panel_id) VALUES (1, :candidate) ON CONFLICT (id) DO NOTHING")
                        .param("candidate", HexFormat.of().formatHex(randomBytes(6))).update();
                return jdbc.sql("SELECT panel_id FROM panel_identity WHERE id = 1").query(String.class).single();
            });
            panelId = TrackedProcesses.requirePanelId(known);
        }
        return known;
    }

    /** The tag of the processes of task {@code taskId} of this panel ({@link TrackedProcesses#taskTag(String, long)}). */
    public String ofTask(long taskId) {
        return TrackedProcesses.taskTag(panelId(), taskId);
    }

    /**
     * The tags a takeover of task {@code taskId} stops: the task's own, then the legacy {@code task-<id>} of
     * processes started before tags named the panel ({@link TrackedProcesses#taskTags}).
     */
    public List<String> toStopForTask(long taskId) {
        return TrackedProcesses.taskTags(panelId(), taskId);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
