package dev.kata.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help that wraps only at spaces. picocli wraps descriptions with the JDK's line {@code
 * BreakIterator}, which breaks after '.', '-', '/' and '(', so "./workspace" came out as ". /
 * workspace" and "CONTRIBUTING.md" as "CONTRIBUTING. md". Before wrapping, a zero width no-break
 * space (U+FEFF, the one joiner that BreakIterator honours) is put between the characters of a word
 * wherever one of them is punctuation; after rendering, every section drops it again, so none
 * reaches the screen or a copy and paste.
 */
final class HelpText {

  private static final char JOINER = '\uFEFF';

  private HelpText() {}

  /** Apply to a command line and all its subcommands; call once the hierarchy is complete. */
  static void install(CommandLine cli) {
    joinWords(cli);
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>();
    cli.getHelpSectionMap()
        .forEach((key, renderer) -> sections.put(key, help -> strip(renderer.render(help))));
    cli.setHelpSectionMap(sections);
    cli.setHelpFactory(
        (spec, colours) ->
            new Help(spec, colours) {
              @Override
              public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer plain = super.createDefaultOptionRenderer();
                return (option, labels, scheme) -> {
                  Text[][] rows = plain.render(option, labels, scheme);
                  for (Text[] row : rows) {
                    int last = row.length - 1;
                    // The description column; option descriptions carry no markup, so plain text
                    // loses nothing.
                    row[last] =
                        scheme.ansi().new Text(HelpText.join(row[last].plainString()), scheme);
                  }
                  return rows;
                };
              }
            });
  }

  private static void joinWords(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    spec.usageMessage().description(join(spec.usageMessage().description()));
    spec.usageMessage().header(join(spec.usageMessage().header()));
    for (CommandLine sub : cli.getSubcommands().values()) {
      joinWords(sub);
    }
  }

  private static String[] join(String[] lines) {
    String[] joined = new String[lines.length];
    for (int i = 0; i < lines.length; i++) {
      joined[i] = join(lines[i]);
    }
    return joined;
  }

  /**
   * Put the joiner inside words at their punctuation. Not next to the characters of picocli's
   * markup and variables ("@|bold x|@", "${DEFAULT-VALUE}"), which must reach it as written.
   */
  static String join(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c);
      if (i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        boolean inWord = !Character.isWhitespace(c) && !Character.isWhitespace(next);
        boolean punctuation = !Character.isLetterOrDigit(c) || !Character.isLetterOrDigit(next);
        if (inWord && punctuation && !syntax(c) && !syntax(next)) {
          out.append(JOINER);
        }
      }
    }
    return out.toString();
  }

  private static boolean syntax(char c) {
    return c == '@' || c == '|' || c == '$' || c == '{' || c == '}' || c == '%' || c == JOINER;
  }

  static String strip(String text) {
    return text.replace(String.valueOf(JOINER), "");
  }
}
