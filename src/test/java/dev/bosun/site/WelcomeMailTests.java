package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.bosun.test.FreePorts;
import dev.bosun.BosunProperties;
import dev.bosun.server.RecordingTaskRun;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.env.MockEnvironment;

class WelcomeMailTests {

    static final ServerSetup SMTP = new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private final BosunProperties properties = Binder.get(new MockEnvironment())
            .bindOrCreate("bosun", BosunProperties.class);

    @Test
    void sendsTheOneTimeLinkToTheClient() throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(greenMail.getSmtp().getPort());
        RecordingTaskRun run = RecordingTaskRun.any();
        var log = run.log();

        mail(sender).send("owner@client.example", "shop.example.com",
                "http://shop.example.com/user/reset/1/1700000000/abc/login", log);

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("owner@client.example");
        assertThat(received[0].getSubject()).contains("shop.example.com");
        assertThat(GreenMailUtil.getBody(received[0])).contains("http://shop.example.com/user/reset/1/1700000000/abc/login");
        assertThat(run.messages("OK")).containsExactly("Welcome mail sent to owner@client.example");
    }

    @Test
    void withoutAMailServerItWarnsInsteadOfFailing() {
        RecordingTaskRun run = RecordingTaskRun.any();
        var log = run.log();
        mail(null).send("owner@client.example", "shop.example.com", "http://x/login", log);
        assertThat(run.messages("WARNING")).singleElement().asString()
                .startsWith("welcome mail not sent: no mail server configured");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aClientWithoutAddressGetsNoMailAndTheLogSaysWhy() {
        RecordingTaskRun run = RecordingTaskRun.any();
        var log = run.log();
        mail(new JavaMailSenderImpl()).send(null, "shop.example.com", "http://x/login", log);
        assertThat(run.messages("WARNING")).containsExactly("welcome mail not sent: the client has no e-mail address");
    }

    private WelcomeMail mail(JavaMailSender sender) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (sender != null) {
            beans.addBean("mailSender", sender);
        }
        return new WelcomeMail(beans.getBeanProvider(JavaMailSender.class), properties);
    }
}
