package io.shoaldb.cli;

import io.shoaldb.cli.Addresses.Peer;
import io.shoaldb.kv.KvOp;
import io.shoaldb.kv.KvResult;
import io.shoaldb.net.NodeConfig;
import io.shoaldb.net.client.KvClient;
import io.shoaldb.net.client.KvClientException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code shoal kv}: one request to the replicated key-value store of a running group. */
@Command(
        name = "kv",
        mixinStandardHelpOptions = true,
        description = {
            "Sends one request to a ShoalDB key-value group and prints the outcome. Keys and values are UTF-8 text.",
            "  shoal kv --peer 1=127.0.0.1:7001 ... put KEY VALUE      prints OK",
            "  shoal kv --peer 1=127.0.0.1:7001 ... get KEY            prints the value (exit 1 if absent)",
            "  shoal kv --peer 1=127.0.0.1:7001 ... cas KEY OLD NEW    sets KEY to NEW if it holds OLD (exit 1 if not)",
            "  shoal kv --peer 1=127.0.0.1:7001 ... cas --absent KEY NEW  sets KEY to NEW if it is absent",
            "Exit status: 0 done, 1 absent / not swapped, 64 bad flags, 65 refused by the cluster, 75 no answer in time."
        })
public final class KvClientCommand implements Callable<Integer> {

    static final int EXIT_NO = 1;
    static final int EXIT_REFUSED = 65;
    static final int EXIT_TIMEOUT = 75;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--peer", required = true, paramLabel = "ID=HOST:PORT", converter = Addresses.PeerConverter.class,
            description = "A member of the group; repeat for each (one is enough, all is better).")
    List<Peer> peers = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = NodeConfig.DEFAULT_CLUSTER,
            description = "The cluster's name (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--timeout-ms", paramLabel = "MILLIS", defaultValue = "10000",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--absent", description = "For cas: swap only if the key is absent (then give KEY NEW).")
    boolean absent;

    @Parameters(index = "0", paramLabel = "OPERATION", description = "put, get or cas.")
    String operation;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The operation's key and values.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        KvOp op = op();
        if (timeoutMillis < 1 || timeoutMillis > 3_600_000) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be between 1 and 3600000");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KvResult result;
        try (KvClient client = new KvClient(cluster, Addresses.byId(peers))) {
            result = client.execute(op, Duration.ofMillis(timeoutMillis));
        } catch (KvClientException e) {
            err.println("shoal kv: " + e.getMessage());
            return e.kind() == KvClientException.Kind.TIMEOUT ? EXIT_TIMEOUT : EXIT_REFUSED;
        } catch (CommandLine.TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return switch (result) {
            case KvResult.Written w -> {
                out.println("OK");
                yield 0;
            }
            case KvResult.Value v when v.value() == null -> {
                err.println("shoal kv: key '" + op.key() + "' is absent");
                yield EXIT_NO;
            }
            case KvResult.Value v -> {
                out.println(text(v.value()));
                yield 0;
            }
            case KvResult.CasOutcome c when c.swapped() -> {
                out.println("swapped");
                yield 0;
            }
            case KvResult.CasOutcome c -> {
                out.println("not swapped: " + (c.found() == null ? "the key is absent" : "found " + text(c.found())));
                yield EXIT_NO;
            }
            case KvResult.Superseded s -> {
                err.println("shoal kv: the request was superseded (latest sequence " + s.latestSeq() + ")");
                yield EXIT_REFUSED;
            }
        };
    }

    private KvOp op() {
        return switch (operation) {
            case "put" -> {
                arity(2, "put KEY VALUE");
                yield new KvOp.Put(args.get(0), bytes(args.get(1)));
            }
            case "get" -> {
                arity(1, "get KEY");
                yield new KvOp.Get(args.get(0));
            }
            case "cas" -> {
                if (absent) {
                    arity(2, "cas --absent KEY NEW");
                    yield new KvOp.Cas(args.get(0), null, bytes(args.get(1)));
                }
                arity(3, "cas KEY OLD NEW");
                yield new KvOp.Cas(args.get(0), bytes(args.get(1)), bytes(args.get(2)));
            }
            default -> throw new ParameterException(spec.commandLine(), "unknown operation '" + operation + "'; use put, get or cas");
        };
    }

    private void arity(int count, String usage) {
        if (args.size() != count) {
            throw new ParameterException(spec.commandLine(), "usage: shoal kv [options] " + usage);
        }
        if (absent && !operation.equals("cas")) {
            throw new ParameterException(spec.commandLine(), "--absent is only for cas");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
