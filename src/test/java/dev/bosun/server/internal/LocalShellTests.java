package dev.bosun.server.internal;

import dev.bosun.server.Shell;

class LocalShellTests extends ShellContractTests {

    private final Shell shell = new LocalShell("master");

    @Override
    Shell shell() {
        return shell;
    }
}
