package dev.bosun.notify.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The one row of {@code notify_settings}; the secret as the secret box sealed it. Transactions are the caller's. */
@Component
public class NotifyStore {

    /** The stored row; {@code sealedSecret} is encrypted. */
    public record Row(boolean adminMail, String webhookUrl, String sealedSecret) {
    }

    private final JdbcClient jdbc;

    NotifyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> load() {
        return jdbc.sql("SELECT admin_mail, webhook_url, webhook_secret FROM notify_settings WHERE id = 1")
                .query((rs, n) -> new Row(rs.getBoolean(1), rs.getString(2), rs.getString(3))).optional();
    }

    public void save(Row row, Instant now, String by) {
        jdbc.sql("""
                INSERT INTO notify_settings (id, admin_mail, webhook_url, webhook_secret, updated_at, updated_by)
                VALUES (1, :mail, :url, :secret, :now, :by)
                ON CONFLICT (id) DO UPDATE SET admin_mail = :mail, webhook_url = :url, webhook_secret = :secret,
                    updated_at = :now, updated_by = :by""")
                .param("mail", row.adminMail()).param("url", row.webhookUrl()).param("secret", row.sealedSecret())
                .param("now", Timestamp.from(now)).param("by", by).update();
    }
}
