package dev.bosun;

import java.util.Properties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * The mail server at {@code spring.mail.host} (welcome mails, notifications), with the {@code spring.mail.*}
 * settings as Spring Boot applies them. The bean exists whether a host is set or not and is null (no sender)
 * without one, instead of appearing on a condition: the build fixes the beans of the panel's start (ADR 0038),
 * and one build serves both set-ups. The panel's health does not include the mail server (a mail server that is
 * down does not stop the panel; a mail that fails is reported where it was sent from).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

    @Bean
    JavaMailSenderImpl mailSender(MailProperties properties, ObjectProvider<SslBundles> sslBundles) {
        if (!StringUtils.hasText(properties.getHost())) {
            return null;
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(properties.getHost());
        if (properties.getPort() != null) {
            sender.setPort(properties.getPort());
        }
        sender.setUsername(properties.getUsername());
        sender.setPassword(properties.getPassword());
        sender.setProtocol(properties.getProtocol());
        if (properties.getDefaultEncoding() != null) {
            sender.setDefaultEncoding(properties.getDefaultEncoding().name());
        }
        Properties javaMail = new Properties();
        javaMail.putAll(properties.getProperties());
        String protocol = StringUtils.hasLength(properties.getProtocol()) ? properties.getProtocol() : "smtp";
        MailProperties.Ssl ssl = properties.getSsl();
        if (ssl.isEnabled() || StringUtils.hasLength(ssl.getBundle())) {
            if (ssl.isVerifyHostname()) {
                javaMail.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
            }
            if (ssl.isEnabled()) {
                javaMail.setProperty("mail." + protocol + ".ssl.enable", "true");
            }
            if (StringUtils.hasLength(ssl.getBundle())) {
                javaMail.put("mail." + protocol + ".ssl.socketFactory",
                        sslBundles.getObject().getBundle(ssl.getBundle()).createSslContext().getSocketFactory());
            }
        }
        if (!javaMail.isEmpty()) {
            sender.setJavaMailProperties(javaMail);
        }
        return sender;
    }
}
