package io.shoaldb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./shoal} command line. Each subcommand lives in its own class beside this one. */
@Command(
        name = "shoal",
        mixinStandardHelpOptions = true,
        version = "ShoalDB 0.1.0-SNAPSHOT",
        description = "ShoalDB: a simulation-first distributed SQL database.",
        subcommands = {
            CommandLine.HelpCommand.class,
            SimCommand.class,
            CheckCommand.class,
            RunCommand.class,
            KvNodeCommand.class,
            KvClientCommand.class,
        })
public final class ShoalCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code; usage errors exit 64 with a message, as sysexits(3) has it. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setExitCodeExceptionMapper(e -> 70);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("shoal: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'shoal " + e.getCommandLine().getCommandName() + " --help'.");
            return 64;
        });
        return cli.execute(args);
    }
}
