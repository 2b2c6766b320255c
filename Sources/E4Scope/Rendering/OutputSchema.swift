/// The version of the output vocabulary: every JSON document and every
/// ndjson summary line names it, with the tool's version. Version 2 added
/// `tool_version`, the extents rows' `logical_block`/`physical_block`/
/// `blocks` (were `logical_start`/`physical_start`/`length`) with `inode`
/// and `image`, and the csv `partition` and `nonzero_fraction` columns.
enum OutputSchema {
  static let version = 2
  static var toolVersion: String { E4ScopeVersion.string }
}

/// The coding keys of a document or summary that opens with `schema` and
/// `tool_version`, so each writes that head the same way.
protocol SchemaHeadKey: CodingKey {
  static var schema: Self { get }
  static var toolVersion: Self { get }
}

extension KeyedEncodingContainer where K: SchemaHeadKey {
  /// Writes `schema` and `tool_version`.
  mutating func encodeSchemaHead() throws {
    try encode(OutputSchema.version, forKey: .schema)
    try encode(OutputSchema.toolVersion, forKey: .toolVersion)
  }
}
