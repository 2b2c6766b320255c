/// The version of the output vocabulary: every JSON document and every
/// ndjson summary line names it, with the tool's version. Version 2 added
/// `tool_version`, the extents rows' `logical_block`/`physical_block`/
/// `blocks` (were `logical_start`/`physical_start`/`length`) with `inode`
/// and `image`, and the csv `partition` and `nonzero_fraction` columns.
enum OutputSchema {
  static let version = 2
  static var toolVersion: String { E4ScopeVersion.string }
}
