package dev.bosun.server.internal;

import java.nio.file.Path;

import dev.bosun.server.HttpType;
import dev.bosun.test.RequiresProgram;

@RequiresProgram({"nginx", "php-fpm8.2"})
class NginxDriverTests extends HttpDriverContractTests {

    @Override
    HttpType type() {
        return HttpType.NGINX;
    }

    @Override
    WebServerProcess startWebServer(Path vhostDir) throws Exception {
        return WebServerProcess.nginx(vhostDir);
    }

    @Override
    String configTestCommand(WebServerProcess web) {
        return WebServerProcess.nginxCommand(web, "-t");
    }

    @Override
    String reloadCommand(WebServerProcess web) {
        return WebServerProcess.nginxCommand(web, "-s", "reload");
    }

    @Override
    String brokenTemplate() {
        return "server {\n    listen {{port}};\n    server_name {{server_names}};\n    BosunBroken on;\n}\n";
    }
}
