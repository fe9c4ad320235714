package dev.bosun.platform.internal;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.bosun.platform.Platform;
import dev.bosun.server.Command;
import dev.bosun.server.ShellException;
import dev.bosun.server.Shells;
import org.springframework.stereotype.Component;

/** Runs platform commands through the server module's shell of the platform's server (local or SSH). */
@Component
class ShellPlatformHost implements PlatformHost {

    private final Shells shells;

    ShellPlatformHost(Shells shells) {
        this.shells = shells;
    }

    @Override
    public int exec(Platform platform, List<String> command, OutputStream stdout, Consumer<String> stderr,
                    Duration timeout) {
        try {
            return shells.forServer(platform.serverId()).exec(Command.of(command), null, stdout, stderr::accept, timeout);
        } catch (ShellException e) {
            throw new PlatformCheckException("On server " + platform.serverName() + ": " + e.getMessage(), e);
        }
    }
}
