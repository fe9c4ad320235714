package dev.bosun.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The panel's id in its process tags: made once per database, the same for every node and every restart. */
@BosunTest
class ProcessTagsTests {

    @Autowired
    ProcessTags tags;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void thePanelIdIsStoredAndEveryNodeOfThePanelUsesIt() {
        String panelId = tags.panelId();
        // another node, or this one after a restart: a new bean on the same database
        ProcessTags otherNode = new ProcessTags(jdbc, transactions);

        assertThat(panelId).matches("[0-9a-f]{12}").isEqualTo(stored());
        assertThat(otherNode.panelId()).isEqualTo(panelId);
        assertThat(otherNode.ofTask(42)).isEqualTo(tags.ofTask(42)).isEqualTo("task-" + panelId + "-42");
        assertThat(tags.toStopForTask(42)).containsExactly("task-" + panelId + "-42", "task-42");
    }

    @Test
    void nodesStartingTogetherOnAFreshDatabaseAgreeOnOneId() throws Exception {
        String kept = tags.panelId();
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            // the state of a fresh database: no id yet
            jdbc.sql("DELETE FROM panel_identity").update();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> ids = new ArrayList<>();
            for (int node = 0; node < 4; node++) {
                ProcessTags fresh = new ProcessTags(jdbc, transactions);
                ids.add(nodes.submit(() -> {
                    start.await();
                    return fresh.panelId();
                }));
            }
            start.countDown();
            List<String> agreed = new ArrayList<>();
            for (Future<String> id : ids) {
                agreed.add(id.get(60, TimeUnit.SECONDS));
            }

            assertThat(agreed).containsOnly(stored());
            assertThat(agreed.get(0)).as("a new database gets a new id").isNotEqualTo(kept);
            assertThat(jdbc.sql("SELECT count(*) FROM panel_identity").query(Long.class).single()).isEqualTo(1);
        } finally {
            nodes.shutdownNow();
            putBack(kept);
        }
    }

    @Test
    void aCallersRollbackDoesNotTakeTheIdBack() {
        String kept = tags.panelId();
        try {
            jdbc.sql("DELETE FROM panel_identity").update();
            ProcessTags fresh = new ProcessTags(jdbc, transactions);
            String[] seen = new String[1];

            transactions.executeWithoutResult(status -> {
                seen[0] = fresh.panelId();
                status.setRollbackOnly();
            });

            assertThat(stored()).isEqualTo(seen[0]).isEqualTo(fresh.panelId());
        } finally {
            putBack(kept);
        }
    }

    /** The id this context's panel already uses (its bean keeps it), stored again. */
    private void putBack(String kept) {
        jdbc.sql("INSERT INTO panel_identity (id, panel_id) VALUES (1, :kept) "
                + "ON CONFLICT (id) DO UPDATE SET panel_id = :kept").param("kept", kept).update();
    }

    private String stored() {
        return jdbc.sql("SELECT panel_id FROM panel_identity WHERE id = 1").query(String.class).single();
    }
}
