package org.stackbox.server;

import org.stackbox.identity.PasswordHasher;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stackbox} command. */
@Command(name = "stackbox", mixinStandardHelpOptions = true, version = "Stackbox 0.1.0",
        description = "An OpenStack-compatible cloud in one process.",
        subcommands = {ServeCommand.class, StorageCommand.class, VirtCommand.class, ServerCommand.class,
                VolumeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine.IFactory factory = CommandLine.defaultFactory();
        if (args.length > 0 && args[0].equals("serve")) {
            AdminPasswordCandidate password = AdminPasswordCandidate.hashing(new PasswordHasher());
            CommandLine.IFactory defaults = factory;
            factory = new CommandLine.IFactory() {
                @Override
                public <K> K create(Class<K> type) throws Exception {
                    return type == ServeCommand.class ? type.cast(new ServeCommand(password)) : defaults.create(type);
                }
            };
        }
        int exitCode = new CommandLine(new Main(), factory)
                .setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
                    if (failure instanceof DataDirectory.AlreadyServingException || failure instanceof IllegalArgumentException) {
                        commandLine.getErr().println("stackbox: " + failure.getMessage());
                        return 2;
                    }
                    throw failure;
                })
                .execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
