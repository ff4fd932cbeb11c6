package io.shoaldb.sim.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's determinism guard: scans the compiled classes of node, txn and sql (found on this
 * test's classpath) and fails naming class and method for every use of the system clock, threads,
 * executors, sleeps, sockets, files, unseeded randomness, or hash-ordered collections keyed by enums
 * or identity-hashed classes. The fixture test proves each rule fires.
 */
class DeterminismGuardTest {

    private static final List<String> MODULES = List.of("node", "txn", "sql");

    private final BytecodeRules rules = new BytecodeRules(DeterminismGuardTest.class.getClassLoader());

    /** Classpath entries of a module: {@code <module>/target/classes} in a reactor build, or its jar. */
    private static List<Path> entriesOf(String module) {
        List<Path> found = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String norm = e.replace('\\', '/');
            boolean classesDir = norm.endsWith("/" + module + "/target/classes");
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            boolean jar = name.startsWith("shoaldb-" + module + "-") && name.endsWith(".jar") && !name.contains("-tests");
            if (classesDir || jar) {
                found.add(p);
            }
        }
        return found;
    }

    /** Class files under a directory or in a jar, by class file path. */
    private static Map<String, byte[]> classes(Path entry, String prefix) {
        Map<String, byte[]> out = new TreeMap<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    for (Path f : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String rel = entry.relativize(f).toString().replace('\\', '/');
                        if (rel.startsWith(prefix)) {
                            out.put(rel, Files.readAllBytes(f));
                        }
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    Enumeration<JarEntry> en = jar.entries();
                    while (en.hasMoreElements()) {
                        JarEntry je = en.nextElement();
                        if (je.getName().endsWith(".class") && je.getName().startsWith(prefix)) {
                            try (InputStream in = jar.getInputStream(je)) {
                                out.put(je.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void nodeTxnAndSqlFollowTheDeterminismRules() {
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        for (String module : MODULES) {
            List<Path> entries = entriesOf(module);
            assertFalse(entries.isEmpty(), "module " + module + " is not on sim's test classpath");
            for (Path entry : entries) {
                for (Map.Entry<String, byte[]> c : classes(entry, "").entrySet()) {
                    if (c.getKey().equals("module-info.class")) {
                        continue;
                    }
                    scanned++;
                    for (String v : rules.check(c.getValue())) {
                        violations.add(module + ": " + v);
                    }
                }
            }
        }
        assertTrue(scanned > 0, "no classes of node, txn or sql were found to scan");
        assertTrue(violations.isEmpty(), violations.size() + " determinism violations:\n  " + String.join("\n  ", violations));
    }

    @Test
    void everyRuleFiresOnItsFixture() {
        Path testClasses = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        Map<String, byte[]> fixtures = new TreeMap<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.replace('\\', '/').endsWith("/sim/target/test-classes")) {
                fixtures.putAll(classes(Path.of(e), "io/shoaldb/sim/guard/fixtures/"));
            }
        }
        assertFalse(fixtures.isEmpty(), "fixture classes not found near " + testClasses);
        Map<String, String> expected = new TreeMap<>();
        expected.put("CurrentTimeMillis", "java.lang.System.currentTimeMillis");
        expected.put("NanoTime", "java.lang.System.nanoTime");
        expected.put("InstantNow", "java.time.Instant.now");
        expected.put("LocalDateTimeNow", "java.time.LocalDateTime.now");
        expected.put("SystemClock", "java.time.Clock.systemUTC");
        expected.put("ThreadStart", "java.lang.Thread.start");
        expected.put("ThreadSleep", "java.lang.Thread.sleep");
        expected.put("NewThread", "new java.lang.Thread");
        expected.put("VirtualThread", "java.lang.Thread.ofVirtual");
        expected.put("ExecutorsUse", "java.util.concurrent.Executors");
        expected.put("ForkJoin", "java.util.concurrent.ForkJoinPool");
        expected.put("AsyncFuture", "CompletableFuture.supplyAsync");
        expected.put("SocketUse", "java.net.Socket");
        expected.put("FileUse", "java.io.File.");
        expected.put("RandomAccessFileUse", "java.io.RandomAccessFile");
        expected.put("NioFile", "java.nio.file.Path");
        expected.put("FileChannelUse", "java.nio.channels.FileChannel");
        expected.put("UnseededRandom", "java.util.Random.<init> (unseeded)");
        expected.put("MathRandom", "java.lang.Math.random");
        expected.put("ThreadLocalRandomUse", "java.util.concurrent.ThreadLocalRandom");
        expected.put("SecureRandomUse", "java.security.SecureRandom");
        expected.put("RandomUuid", "java.util.UUID.randomUUID");
        expected.put("MethodRefNanoTime", "java.lang.System.nanoTime");
        expected.put("FileDescriptorUse", "java.io.FileDescriptor");
        expected.put("SaltedSet", "java.util.Set.of (iteration order varies");
        expected.put("SaltedMap", "java.util.Map.of (iteration order varies");
        expected.put("UnseededShuffle", "java.util.Collections.shuffle (unseeded)");
        expected.put("EnumKeyedField", "java.util.HashMap keyed by enum or identity-hashed class");
        expected.put("IdentityKeyedSet", "java.util.Set keyed by enum or identity-hashed class");
        expected.put("EnumKeyedLocal", "java.util.Map keyed by enum");
        expected.put("IdentityKeyedConcurrent", "java.util.concurrent.ConcurrentHashMap keyed by");
        expected.put("EnumKeyedParameter", "java.util.Map keyed by");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            byte[] bytes = fixtures.get("io/shoaldb/sim/guard/fixtures/Fixtures$" + e.getKey() + ".class");
            assertTrue(bytes != null, "fixture " + e.getKey() + " missing");
            List<String> found = rules.check(bytes);
            assertTrue(found.stream().anyMatch(v -> v.contains(e.getValue())),
                    "rule '" + e.getValue() + "' did not fire on " + e.getKey() + ": " + found);
            assertTrue(found.stream().allMatch(v -> v.startsWith("io.shoaldb.sim.guard.fixtures.Fixtures$" + e.getKey() + ".")),
                    "violations must name class and method: " + found);
        }
        assertEquals(List.of(), rules.check(fixtures.get("io/shoaldb/sim/guard/fixtures/Fixtures$Clean.class")),
                "the clean fixture follows every rule");
    }
}
