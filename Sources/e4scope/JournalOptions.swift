import ArgumentParser
import E4Scope

extension JournalSelection.View: ExpressibleByArgument {}

/// Which view of a filesystem whose journal needs recovery a reading command
/// (and a repair's dry run) shows, and where an external journal is.
struct JournalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "When the journal needs recovery: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.",
      valueName: "replay|raw"))
  var journal: JournalSelection.View = .replay

  @Option(
    name: .customLong("journal-device"),
    help: ArgumentHelp("The external journal device of the filesystem.", valueName: "path"),
    completion: .file())
  var journalDevice: String?

  var selection: JournalSelection {
    JournalSelection(view: journal, externalJournal: journalDevice)
  }
}
