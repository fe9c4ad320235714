package dev.bosun.server.internal;

import java.nio.file.Path;

import dev.bosun.server.HttpType;
import dev.bosun.test.RequiresProgram;

@RequiresProgram({"apache2", "php-fpm8.2"})
class ApacheDriverTests extends HttpDriverContractTests {

    @Override
    HttpType type() {
        return HttpType.APACHE;
    }

    @Override
    WebServerProcess startWebServer(Path vhostDir) throws Exception {
        return WebServerProcess.apache(vhostDir);
    }

    @Override
    String configTestCommand(WebServerProcess web) {
        return WebServerProcess.apacheCommand(web, "-t");
    }

    @Override
    String reloadCommand(WebServerProcess web) {
        return WebServerProcess.apacheCommand(web, "-k", "graceful");
    }

    @Override
    String brokenTemplate() {
        return "<VirtualHost *:{{port}}>\n    ServerName {{domain}}\n    BosunBroken on\n</VirtualHost>\n";
    }
}
