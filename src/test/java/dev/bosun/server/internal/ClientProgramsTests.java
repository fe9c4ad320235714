package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.bosun.server.ShellException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientProgramsTests {

    @TempDir
    Path bin;

    @Test
    void aProgramMissingFromThePathIsTakenFromAnExtraDirectoryByItsFullPath() throws Exception {
        Path client = program("bosun-test-dump-client");
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of(bin));

        assertThat(programs.find("bosun-test-missing-client", "bosun-test-dump-client")).isEqualTo(client.toString());
    }

    @Test
    void theMastersPathComesFirst() throws Exception {
        program("sh");
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of(bin));

        assertThat(programs.find("sh")).isEqualTo("sh");
    }

    @Test
    void aFileThatCannotRunIsNoProgram() throws Exception {
        Files.writeString(bin.resolve("bosun-test-plain-file"), "not a program\n");
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of(bin));

        assertThatThrownBy(() -> programs.find("bosun-test-plain-file"))
                .isInstanceOf(ShellException.class)
                .hasMessageContaining("bosun-test-plain-file is installed on the master");
    }

    private Path program(String name) throws Exception {
        Path program = bin.resolve(name);
        Files.writeString(program, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }
}
