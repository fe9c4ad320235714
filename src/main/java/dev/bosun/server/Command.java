package dev.bosun.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A program and its arguments, kept as a list: the one place where arguments are quoted for a
 * shell ({@link #toShellString()}). A local shell passes the list to the OS as is; an SSH shell
 * sends the quoted string. Secrets never go into a command: they travel in 0600 files or on stdin.
 */
public final class Command {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,^-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern METACHARACTERS = Pattern.compile("[;&|$`<>(){}'\"\\\\*?\\[\\]~!#\\n\\r\\t]");

    private final List<String> args;
    private final Map<String, String> env;

    private Command(List<String> args, Map<String, String> env) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("A command needs a program");
        }
        for (String arg : args) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("A command argument may not be null or contain NUL");
            }
        }
        this.args = List.copyOf(args);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    public static Command of(String program, String... args) {
        List<String> all = new ArrayList<>();
        all.add(program);
        all.addAll(List.of(args));
        return new Command(all, Map.of());
    }

    public static Command of(List<String> args) {
        return new Command(args, Map.of());
    }

    /**
     * A fixed script run by {@code sh -c}, its parameters passed as {@code $1}, {@code $2}, … so that no value
     * is ever parsed as shell code. The script itself must be a constant of Bosun's code.
     */
    public static Command script(String script, String... params) {
        List<String> all = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        all.addAll(List.of(params));
        return new Command(all, Map.of());
    }

    /**
     * A command line an administrator configured (a reload or config-test command): split on blanks, with
     * no shell syntax allowed, so it is run as one program with arguments.
     */
    public static Command parse(String field, String line) {
        if (line == null || line.isBlank()) {
            throw new InvalidNameException(field, "The " + field + " is required.");
        }
        if (METACHARACTERS.matcher(line.strip()).find()) {
            throw new InvalidNameException(field, "“" + Names.printable(line) + "” is not a plain command: "
                    + "write one program with its arguments, without quotes, pipes, ';', '$' or other shell syntax.");
        }
        return of(List.of(line.strip().split("\\s+")));
    }

    /**
     * This command run by a fixed {@code script} of Bosun's code ({@code sh -c}): the script gets {@code params}
     * first, then this command's arguments ({@code "$@"} after shifting them); the environment stays.
     */
    public Command inScript(String script, String... params) {
        List<String> all = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        all.addAll(List.of(params));
        all.addAll(args);
        return new Command(all, env);
    }

    public Command with(String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return new Command(all, env);
    }

    public Command with(List<String> more) {
        return with(more.toArray(String[]::new));
    }

    /** Adds an environment variable; not for secrets, since a remote shell shows it in its command line. */
    public Command withEnv(String name, String value) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not an environment variable name: " + name);
        }
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put(name, value);
        return new Command(args, all);
    }

    /** The same command run through {@code sudo -n} (never prompting), e.g. to reload a web server. */
    public Command sudo() {
        List<String> all = new ArrayList<>(List.of("sudo", "-n"));
        all.addAll(args);
        return new Command(all, env);
    }

    public List<String> args() {
        return args;
    }

    public Map<String, String> env() {
        return env;
    }

    public String program() {
        return args.get(0);
    }

    /** The command as one POSIX shell line, each argument quoted where needed. */
    public String toShellString() {
        String line = args.stream().map(Command::quote).collect(Collectors.joining(" "));
        if (env.isEmpty()) {
            return line;
        }
        return env.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" ", "", " ")) + line;
    }

    /** Quotes one word for a POSIX shell: plain words stay as they are, anything else is single-quoted. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The shell line with control characters made visible, for a log line. */
    @Override
    public String toString() {
        return toShellString().replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Command command && command.args.equals(args) && command.env.equals(env);
    }

    @Override
    public int hashCode() {
        return args.hashCode() * 31 + env.hashCode();
    }
}
