package io.shoaldb.sim.guard;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Signature;
import java.lang.classfile.MethodSignature;
import java.lang.classfile.attribute.LocalVariableTypeInfo;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The determinism rules of the house, checked on compiled classes with the JDK's class-file API:
 * no system clock, threads, executors, sleeps, sockets, files or unseeded randomness, and no
 * hash-ordered collection keyed by an enum, an array or a class without its own hashCode (identity
 * hash codes differ between runs, so iteration order would too). Reports "class.method: what".
 */
final class BytecodeRules {

    /** Owners whose every member is forbidden (internal names; a trailing '/' means a whole package). */
    private static final List<String> FORBIDDEN_OWNERS = List.of(
            "java/util/concurrent/Executors", "java/util/concurrent/ExecutorService",
            "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/ThreadPoolExecutor",
            "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoinPool",
            "java/util/concurrent/ThreadLocalRandom", "java/util/Timer", "java/security/SecureRandom",
            "java/net/Socket", "java/net/ServerSocket", "java/net/DatagramSocket", "java/net/MulticastSocket",
            "java/nio/channels/SocketChannel", "java/nio/channels/ServerSocketChannel",
            "java/nio/channels/DatagramChannel", "java/nio/channels/AsynchronousSocketChannel",
            "java/nio/channels/AsynchronousServerSocketChannel", "java/nio/channels/FileChannel",
            "java/nio/channels/AsynchronousFileChannel",
            "java/io/File", "java/io/RandomAccessFile", "java/nio/file/");

    /** Hash-ordered collection types whose key type is checked. */
    private static final Set<String> HASH_TYPES = Set.of(
            "java/util/HashMap", "java/util/HashSet", "java/util/Hashtable", "java/util/concurrent/ConcurrentHashMap",
            "java/util/Map", "java/util/Set", "java/util/concurrent/ConcurrentMap");

    /** Key types known to hash by value. */
    private static final Set<String> VALUE_HASHED = Set.of(
            "java/lang/String", "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float",
            "java/math/BigInteger", "java/math/BigDecimal", "java/util/UUID", "java/util/List", "java/util/Set",
            "java/util/Map", "java/time/Instant", "java/time/Duration", "java/time/LocalDate");

    private final ClassLoader loader;
    private final Map<String, Boolean> hashesByValue = new TreeMap<>();

    BytecodeRules(ClassLoader loader) {
        this.loader = loader;
    }

    /** Violations in one class file, each "pkg.Class.method: what". */
    List<String> check(byte[] classBytes) {
        ClassModel cm = ClassFile.of().parse(classBytes);
        String cls = cm.thisClass().asInternalName().replace('/', '.');
        List<String> out = new ArrayList<>();
        cm.superclass().ifPresent(s -> {
            if (s.asInternalName().equals("java/lang/Thread")) {
                out.add(cls + ": extends java.lang.Thread");
            }
        });
        for (FieldModel f : cm.fields()) {
            f.findAttribute(Attributes.signature()).ifPresent(sig ->
                    checkSignature(Signature.parseFrom(sig.signature().stringValue()), cls + "." + f.fieldName().stringValue(), out));
        }
        for (MethodModel m : cm.methods()) {
            String where = cls + "." + m.methodName().stringValue();
            m.findAttribute(Attributes.signature()).ifPresent(sig -> {
                MethodSignature ms = MethodSignature.parseFrom(sig.signature().stringValue());
                ms.arguments().forEach(a -> checkSignature(a, where, out));
                checkSignature(ms.result(), where, out);
            });
            m.code().ifPresent(code -> checkCode(code, where, out));
        }
        return out;
    }

    private void checkCode(CodeModel code, String where, List<String> out) {
        code.forEach(e -> {
            switch (e) {
                case InvokeInstruction i -> checkCall(i.owner().asInternalName(), i.name().stringValue(),
                        i.typeSymbol().descriptorString(), where, out);
                case InvokeDynamicInstruction d -> {
                    // Method references (System::nanoTime) reach the target through a bootstrap argument.
                    for (java.lang.constant.ConstantDesc arg : d.bootstrapArgs()) {
                        if (arg instanceof java.lang.constant.DirectMethodHandleDesc h) {
                            String owner = h.owner().descriptorString();
                            owner = owner.substring(1, owner.length() - 1);
                            checkCall(owner, h.methodName(), h.lookupDescriptor(), where, out);
                        }
                    }
                }
                case FieldInstruction f -> checkOwner(f.owner().asInternalName(), f.name().stringValue(), where, out);
                case NewObjectInstruction n -> {
                    String c = n.className().asInternalName();
                    if (c.equals("java/lang/Thread")) {
                        out.add(where + ": new java.lang.Thread");
                    }
                }
                default -> {
                }
            }
        });
        code.findAttribute(Attributes.localVariableTypeTable()).ifPresent(t -> {
            for (LocalVariableTypeInfo v : t.localVariableTypes()) {
                checkSignature(Signature.parseFrom(v.signature().stringValue()), where, out);
            }
        });
    }

    private void checkCall(String owner, String name, String desc, String where, List<String> out) {
        String call = owner.replace('/', '.') + "." + name;
        boolean bad = switch (owner) {
            case "java/lang/System" -> name.equals("currentTimeMillis") || name.equals("nanoTime")
                    || name.equals("identityHashCode");
            case "java/lang/Thread" -> Set.of("start", "sleep", "ofVirtual", "ofPlatform", "startVirtualThread",
                    "<init>").contains(name);
            case "java/time/Clock" -> name.startsWith("system");
            case "java/util/concurrent/CompletableFuture" -> name.endsWith("Async");
            case "java/lang/Math", "java/lang/StrictMath" -> name.equals("random");
            case "java/util/UUID" -> name.equals("randomUUID");
            case "java/util/Random" -> name.equals("<init>") && desc.equals("()V");
            case "java/util/Collection", "java/util/List", "java/util/ArrayList" -> name.equals("parallelStream");
            // Set.of and Map.of iterate in an order salted per JVM run, so equal seeds would diverge.
            case "java/util/Set" -> name.equals("parallelStream") || name.equals("of") || name.equals("copyOf");
            case "java/util/Map" -> name.equals("of") || name.equals("ofEntries") || name.equals("copyOf");
            case "java/util/Collections" -> name.equals("shuffle") && desc.equals("(Ljava/util/List;)V");
            default -> owner.startsWith("java/time/") && name.equals("now");
        };
        if (bad) {
            String why = switch (owner) {
                case "java/util/Random", "java/util/Collections" -> " (unseeded)";
                case "java/util/Set", "java/util/Map" -> name.equals("parallelStream") ? ""
                        : " (iteration order varies between JVM runs; use List.of, EnumSet/EnumMap, TreeSet/TreeMap or LinkedHashSet/LinkedHashMap)";
                default -> "";
            };
            out.add(where + ": calls " + call + why);
            return;
        }
        checkOwner(owner, name, where, out);
    }

    private void checkOwner(String owner, String member, String where, List<String> out) {
        for (String f : FORBIDDEN_OWNERS) {
            boolean fileFamily = f.equals("java/io/File") && owner.startsWith("java/io/File");
            if (fileFamily || (f.endsWith("/") ? owner.startsWith(f) : owner.equals(f))) {
                out.add(where + ": uses " + owner.replace('/', '.') + "." + member);
                return;
            }
        }
    }

    private void checkSignature(Signature sig, String where, List<String> out) {
        switch (sig) {
            case Signature.ClassTypeSig c -> {
                if (HASH_TYPES.contains(c.className()) && !c.typeArgs().isEmpty()
                        && c.typeArgs().getFirst() instanceof Signature.TypeArg.Bounded b) {
                    String problem = keyProblem(b.boundType());
                    if (problem != null) {
                        out.add(where + ": " + c.className().replace('/', '.') + " keyed by " + problem
                                + " (use EnumMap, TreeMap, LinkedHashMap, or a key with hashCode)");
                    }
                }
                c.outerType().ifPresent(o -> checkSignature(o, where, out));
                for (Signature.TypeArg a : c.typeArgs()) {
                    if (a instanceof Signature.TypeArg.Bounded b) {
                        checkSignature(b.boundType(), where, out);
                    }
                }
            }
            case Signature.ArrayTypeSig a -> checkSignature(a.componentSignature(), where, out);
            default -> {
            }
        }
    }

    /** Why a key type hashes by identity or by enum constant, or null if it is fine or unknown. */
    private String keyProblem(Signature key) {
        return switch (key) {
            case Signature.ArrayTypeSig a -> "an array";
            case Signature.ClassTypeSig c -> hashesByValue(c.className()) ? null
                    : "enum or identity-hashed class " + c.className().replace('/', '.');
            default -> null; // a type variable: checked where it is instantiated
        };
    }

    /** Whether instances of {@code internalName} hash by value: records, value types, overriders of hashCode. */
    private boolean hashesByValue(String internalName) {
        if (VALUE_HASHED.contains(internalName)) {
            return true;
        }
        Boolean known = hashesByValue.get(internalName);
        if (known != null) {
            return known;
        }
        boolean result = decide(internalName);
        hashesByValue.put(internalName, result);
        return result;
    }

    private boolean decide(String internalName) {
        byte[] bytes = load(internalName);
        if (bytes == null) {
            return true; // not on the classpath: cannot judge, and javac saw it, so give it the benefit
        }
        ClassModel cm = ClassFile.of().parse(bytes);
        if (cm.flags().has(AccessFlag.ENUM)) {
            return false;
        }
        if (cm.flags().has(AccessFlag.INTERFACE)) {
            return true; // implementations decide; sealed hierarchies of records are the common case
        }
        for (MethodModel m : cm.methods()) {
            if (m.methodName().stringValue().equals("hashCode") && m.methodType().stringValue().equals("()I")) {
                return true;
            }
        }
        String sup = cm.superclass().map(s -> s.asInternalName()).orElse("java/lang/Object");
        if (sup.equals("java/lang/Record")) {
            return true;
        }
        if (sup.equals("java/lang/Object") || sup.equals("java/lang/Enum")) {
            return false;
        }
        return hashesByValue(sup);
    }

    private byte[] load(String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
