package dev.bosun.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTests {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, ParallelGzipOutputStream.BLOCK_SIZE, 5 * ParallelGzipOutputStream.BLOCK_SIZE / 2})
    void theMembersReadBackAsOneGzipStreamWithTheJdksReader(int size) throws IOException {
        byte[] data = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a' + i % 7);
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(compressed, 6, 3)) {
            for (int offset = 0; offset < size; offset += 70_000) {
                gzip.write(data, offset, Math.min(70_000, size - offset));
            }
        }

        byte[] back;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
            back = in.readAllBytes();
        }
        assertThat(back).isEqualTo(data);
        assertThat(compressed.size()).isLessThan(Math.max(size, 100));
    }
}
