package dev.bosun.demo;

import dev.bosun.BosunProperties;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** Profile {@code demo}: its settings and the sites' MariaDB, chosen (or started) before any task runs. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@EnableConfigurationProperties(DemoProperties.class)
class DemoConfiguration {

    @Bean(destroyMethod = "close")
    DemoDatabase demoDatabase(DemoProperties demo, BosunProperties bosun, ServerService servers) {
        return DemoDatabase.choose(demo.db(), bosun.homeDir().resolve("demo").resolve("mariadb"),
                servers.master().map(ServerInfo::db));
    }
}
