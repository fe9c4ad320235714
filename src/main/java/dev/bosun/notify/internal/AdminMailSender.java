package dev.bosun.notify.internal;

import java.util.List;

import dev.bosun.BosunProperties;
import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import dev.bosun.account.UserSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Mails a notice to every enabled administrator with an e-mail address. */
@Component
public class AdminMailSender {

    private final ObjectProvider<JavaMailSender> mailSender;
    private final AccountService accounts;
    private final BosunProperties properties;

    AdminMailSender(ObjectProvider<JavaMailSender> mailSender, AccountService accounts, BosunProperties properties) {
        this.mailSender = mailSender;
        this.accounts = accounts;
        this.properties = properties;
    }

    /** The addresses a notice goes to. */
    public List<String> recipients() {
        return accounts.listUsers().stream()
                .filter(user -> user.role() == Role.ADMIN && user.enabled())
                .map(UserSummary::email).filter(email -> email != null && !email.isBlank()).distinct().toList();
    }

    /** Sends once to these addresses; a failure says why in its message. */
    public void send(List<String> to, Notice notice) {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("no mail server is configured (spring.mail.host)");
        }
        if (to.isEmpty()) {
            throw new IllegalStateException("no enabled administrator has an e-mail address");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mail().from());
        message.setTo(to.toArray(String[]::new));
        message.setSubject(notice.subject());
        message.setText(notice.text());
        sender.send(message);
    }
}
