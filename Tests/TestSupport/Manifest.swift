import Foundation

/// Images/manifest.json: what each sample image holds and must report.
public struct Manifest: Decodable, Sendable {
  public struct Image: Decodable, Sendable, CustomStringConvertible {
    public var file: String
    public var blockSize: Int
    public var expectedScan: ExpectedScan
    public var expectedScanAll: ExpectedScan
    public var expectedScanSector: ExpectedScan
    public var files: [File]
    public var description: String { file }

    enum CodingKeys: String, CodingKey {
      case file, files
      case blockSize = "block_size", expectedScan = "expected_scan"
      case expectedScanAll = "expected_scan_all", expectedScanSector = "expected_scan_sector"
    }

    /// The raw image name (`demo.img` for `demo.img.gz`).
    public var rawName: String { String(file.dropLast(3)) }
  }

  public struct ExpectedScan: Decodable, Sendable {
    public var exitStatus: Int32
    public var findings: [String: Int]
    enum CodingKeys: String, CodingKey {
      case findings
      case exitStatus = "exit_status"
    }
  }

  public struct File: Decodable, Sendable {
    public var path: String
    public var inode: UInt32
    public var iSize: UInt64
    public var orphan: Bool
    public var expectedFindings: [Finding]
    public var expectedDataFindings: [Finding]
    public var expectedSectorFindings: [Finding]
    enum CodingKeys: String, CodingKey {
      case path, inode, orphan
      case iSize = "i_size", expectedFindings = "expected_findings"
      case expectedDataFindings = "expected_data_findings"
      case expectedSectorFindings = "expected_sector_findings"
    }
  }

  public struct Finding: Decodable, Sendable {
    public var kind: String
    public var logicalBlock: UInt64
    public var physicalBlock: UInt64
    public var blocks: UInt64
    public var fileOffset: UInt64
    public var length: UInt64
    public var straddlesEOF: Bool?
    public var orphan: Bool
    public var beyondEOF: Bool?
    public var firstNonzeroOffset: UInt64?
    public var nonzeroBytes: UInt64?
    enum CodingKeys: String, CodingKey {
      case kind, blocks, length, orphan
      case logicalBlock = "logical_block", physicalBlock = "physical_block"
      case fileOffset = "file_offset", straddlesEOF = "straddles_eof"
      case beyondEOF = "beyond_eof", firstNonzeroOffset = "first_nonzero_offset"
      case nonzeroBytes = "nonzero_bytes"
    }
  }

  public var images: [Image]

  /// The committed manifest.
  public static func load() throws -> Manifest {
    let data = try Data(contentsOf: Fixtures.images.appendingPathComponent("manifest.json"))
    return try JSONDecoder().decode(Manifest.self, from: data)
  }
}
