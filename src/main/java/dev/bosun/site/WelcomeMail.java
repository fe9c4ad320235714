package dev.bosun.site;

import dev.bosun.BosunProperties;
import dev.bosun.task.TaskLogger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The mail a client gets when a site is installed, with the one-time login link. Not sending it
 * is a warning in the task log, never a failed install: the link is also on the site page.
 */
@Component
public class WelcomeMail {

    private final ObjectProvider<JavaMailSender> mailSender;
    private final BosunProperties properties;

    WelcomeMail(ObjectProvider<JavaMailSender> mailSender, BosunProperties properties) {
        this.mailSender = mailSender;
        this.properties = properties;
    }

    public void send(String to, String domain, String loginUrl, TaskLogger log) {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            log.warning("welcome mail not sent: no mail server configured (spring.mail.host)");
            return;
        }
        if (to == null || to.isBlank()) {
            log.warning("welcome mail not sent: the client has no e-mail address");
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mail().from());
        message.setTo(to);
        message.setSubject("Your new site " + domain + " is ready");
        message.setText(text(domain, loginUrl));
        try {
            sender.send(message);
            log.ok("Welcome mail sent to " + to);
        } catch (MailException failed) {
            log.warning("welcome mail not sent to " + to + ": " + failed.getMessage());
        }
    }

    private static String text(String domain, String loginUrl) {
        return """
                Hello,

                your new site %s has been installed.

                Log in as its administrator with this one-time link (it works once; set a password
                after logging in):

                  %s

                Afterwards the site is at http://%s/

                -- Bosun
                """.formatted(domain, loginUrl, domain);
    }
}
