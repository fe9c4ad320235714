package dev.bosun.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What the panel's JIT setting costs where the panel computes rather than waits: the same work in two JVMs, one with
 * {@code config/jvm.options} as shipped and one with the flag {@code -XX:TieredStopAtLevel=1} taken out or put in
 * (C1 only against C1 and C2). The work: SHA-256 (each backup archive's checksum, when made and when checked),
 * AES-CTR (the SSH connections' cipher), gzip level 6 (archives; zlib is native code either way) and a password
 * check (the panel's encoder, bcrypt: every sign-in and HTTP Basic call).
 * <pre>bench/run compiler [--rounds 8] [--jvm-options config/jvm.options]</pre>
 * Each figure is the median of the rounds after the first half (the JIT's warm-up). Prints
 * {@code <c1|c2>_<work>=} lines and the load average.
 */
public final class CompilerBenchmark {

    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    private static final int MB = 1 << 20;

    private CompilerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--work")) {
            work(Integer.parseInt(args[1]));
            return;
        }
        int rounds = BenchArgs.option(args, "rounds", 8);
        Path options = Path.of(BenchArgs.text(args, "jvm-options", "config/jvm.options"));
        List<String> shipped = jvmOptions(options);
        List<String> withoutFlag = new ArrayList<>(shipped);
        withoutFlag.remove(C1_ONLY);
        List<String> withFlag = new ArrayList<>(withoutFlag);
        withFlag.add(C1_ONLY);
        System.out.println("load_average_at_start=" + BenchArgs.loadAverage());
        System.out.println("shipped=" + (shipped.contains(C1_ONLY) ? "c1" : "c2"));
        run("c2", withoutFlag, rounds);
        run("c1", withFlag, rounds);
        System.out.println("load_average_at_end=" + BenchArgs.loadAverage());
    }

    private static List<String> jvmOptions(Path file) throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                options.add(option);
            }
        }
        return options;
    }

    private static void run(String name, List<String> jvmOptions, int rounds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CompilerBenchmark.class.getName(),
                "--work", Integer.toString(rounds)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the " + name + " run failed");
        }
        out.lines().forEach(line -> System.out.println(name + "_" + line));
    }

    /** In the child JVM: the rounds, then the medians of the second half. */
    private static void work(int rounds) throws GeneralSecurityException, IOException {
        byte[] data = new byte[8 * MB];
        Random random = new Random(42);
        random.nextBytes(data);
        // Half text-like (compressible), as a site folder is.
        for (int i = 0; i < data.length / 2; i++) {
            data[i] = (byte) ('a' + (data[i] & 15));
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new IvParameterSpec(new byte[16]));
        byte[] encrypted = new byte[data.length];
        PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        String hash = passwords.encode("a-password-of-a-user");
        double[][] figures = new double[4][rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 16; i++) {
                sha256.update(data);
            }
            sha256.digest();
            figures[0][round] = 16.0 * data.length / MB / seconds(start);

            start = System.nanoTime();
            for (int i = 0; i < 16; i++) {
                aes.update(data, 0, data.length, encrypted);
            }
            figures[1][round] = 16.0 * data.length / MB / seconds(start);

            start = System.nanoTime();
            try (GZIPOutputStream gzip = new GZIPOutputStream(OutputStream.nullOutputStream(), 64 * 1024)) {
                gzip.write(data);
            }
            figures[2][round] = (double) data.length / MB / seconds(start);

            start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                if (!passwords.matches("a-password-of-a-user", hash)) {
                    throw new IllegalStateException("the password check failed");
                }
            }
            figures[3][round] = seconds(start) * 1000 / 5;
        }
        String[] names = {"sha256_mb_s", "aes_ctr_mb_s", "gzip6_mb_s", "password_check_ms"};
        for (int i = 0; i < names.length; i++) {
            double[] warm = Arrays.copyOfRange(figures[i], rounds / 2, rounds);
            Arrays.sort(warm);
            System.out.printf("%s=%.1f%n", names[i], BenchArgs.percentile(warm, 50));
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
