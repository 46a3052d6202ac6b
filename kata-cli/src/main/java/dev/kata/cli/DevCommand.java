package dev.kata.cli;

import picocli.CommandLine.Command;

/** {@code kata dev}: tools for puzzle authors, the equivalent of rustlings' {@code dev}. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Tools for puzzle authors: validate puzzles end to end, measure their checks with mutants.",
    subcommands = {DevCheckCommand.class, DevMutantsCommand.class})
final class DevCommand {}
