import Foundation
import Testing
import TestSupport

/// Inputs that are not ext2/3/4 are refused with one line that says what
/// they are and how to go on, and exit 8, before anything could block.
@Suite struct ForeignImageTests {
  static func available(_ tool: String) -> Bool {
    (try? run("sh", ["-c", "command -v \(tool)"]).status) == 0
  }

  static func expectRefused(_ image: String, saying text: String) throws {
    for command in [["scan"], ["info"], ["extents", "--inode", "12"], ["trim", "-n"]] {
      let r = try run("timeout", ["20", Fixtures.binary] + command + [image])
      #expect(r.status == 8, "\(command) \(image): \(r.stderr)")
      #expect(r.stderr == "e4scope: \(image)\(text)\n", "\(command)")
      #expect(r.stdout.isEmpty || r.stdout.hasPrefix("{"), "\(command): \(r.stdout)")
    }
  }

  static let lvmAvailable =
    getuid() == 0 && available("pvcreate") && FileManager.default.fileExists(atPath: "/dev/loop-control")

  /// A small ext4 image to convert or compress.
  static func ext4(in dir: TemporaryDirectory) throws -> String {
    try ImageBuilder(mkfsArguments: ["-t", "ext4"], sizeKiB: 4096).build(in: dir, name: "e.img")
  }

  @Test(arguments: ["vfat", "xfs"])
  func otherFilesystems(_ name: String) throws {
    let tool = "mkfs.\(name)"
    try #require(Self.available(tool), "\(tool) is not installed: skipping the \(name) case")
    let dir = try TemporaryDirectory()
    let image = dir.path("\(name).img")
    if name == "vfat" {
      try runChecked(tool, ["-C", image, "8192"])
    } else {
      try runChecked(tool, ["-q", "-d", "file,size=300m,name=\(image)"])
    }
    try Self.expectRefused(image, saying: ": not an ext2/3/4 filesystem: it is a filesystem of type \(name)")
    let json = try run(Fixtures.binary, ["scan", "--format", "json", image])
    #expect(json.stdout.hasPrefix("{\"schema\":2,\"tool_version\":\"") && json.stdout.hasSuffix("\",\"images\":[]}\n"))
  }

  @Test(arguments: [("gzip", "a gzip", "gunzip"), ("xz", "an xz", "unxz"), ("zstd", "a zstd", "unzstd")])
  func compressedImages(_ tool: String, _ name: String, _ undo: String) throws {
    try #require(Self.available(tool), "\(tool) is not installed: skipping")
    let dir = try TemporaryDirectory()
    let image = try Self.ext4(in: dir)
    try runChecked("sh", ["-c", "\(tool) -c '\(image)' > '\(image).\(tool)'"])
    let packed = image + "." + tool
    try Self.expectRefused(
      packed, saying: ": not an ext2/3/4 filesystem: it is \(name)-compressed file; decompress it first (\(undo) -k \(packed))")
  }

  /// VDI has no container library here; QCOW, VMDK, VHD, VHDX and EWF are
  /// read (ContainerImageTests).
  @Test func vdiDisk() throws {
    try #require(Self.available("qemu-img"), "qemu-img (qemu-utils) is not installed: skipping")
    let dir = try TemporaryDirectory()
    let image = try Self.ext4(in: dir)
    let disk = dir.path("disk.vdi")
    try runChecked("qemu-img", ["convert", "-q", "-f", "raw", "-O", "vdi", image, disk])
    try Self.expectRefused(
      disk, saying: ": not an ext2/3/4 filesystem: it is a VDI disk image; convert it to a raw image first: qemu-img convert -O raw \(disk) \(disk).raw")
  }

  /// Inside a container, what the media holds is named.
  @Test func foreignFilesystemInsideAContainer() throws {
    try #require(Self.available("qemu-img"), "qemu-img (qemu-utils) is not installed: skipping")
    try #require(Self.available("mkfs.vfat"), "mkfs.vfat is not installed: skipping")
    let dir = try TemporaryDirectory()
    let image = dir.path("vfat.img")
    try runChecked("mkfs.vfat", ["-C", image, "8192"])
    let disk = dir.path("vfat.qcow2")
    try runChecked("qemu-img", ["convert", "-q", "-f", "raw", "-O", "qcow2", image, disk])
    for command in [["scan"], ["info"]] {
      let r = try run(Fixtures.binary, command + [disk])
      #expect(r.status == 8)
      #expect(r.stderr == "e4scope: \(disk): not an ext2/3/4 filesystem: it is a filesystem of type vfat\n", "\(command)")
    }
  }

  @Test func luksVolume() throws {
    try #require(Self.available("cryptsetup"), "cryptsetup is not installed: skipping")
    let dir = try TemporaryDirectory()
    let volume = dir.path("luks.img")
    try runChecked("truncate", ["-s", "20M", volume])
    try "key".write(toFile: dir.path("key"), atomically: true, encoding: .utf8)
    let format = try run(
      "cryptsetup", ["luksFormat", "-q", "--type", "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000",
                     "--key-file", dir.path("key"), volume])
    try #require(format.status == 0, "cryptsetup luksFormat failed here: \(format.stderr)")
    try Self.expectRefused(
      volume, saying: ": not an ext2/3/4 filesystem: it is a LUKS encrypted volume; open it (cryptsetup open \(volume) NAME), then scan /dev/mapper/NAME")
  }

  /// An LVM physical volume made by pvcreate on a loop device: refused as
  /// the device and as the file behind it, naming the way on. The PV label
  /// and the loop device go away whatever the test's outcome.
  @Test(.enabled(if: lvmAvailable, "needs root, loop devices and pvcreate (lvm2): skipping the LVM case"))
  func lvmPhysicalVolume() throws {
    let dir = try TemporaryDirectory()
    let file = dir.path("pv.img")
    try runChecked("truncate", ["-s", "16M", file])
    let attach = try run("losetup", ["--find", "--show", file])
    try #require(attach.status == 0, "losetup failed here: \(attach.stderr)")
    let loop = attach.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    defer {
      _ = try? run("pvremove", ["-ff", "-y", loop])
      _ = try? run("losetup", ["-d", loop])
    }
    let create = try run("timeout", ["60", "pvcreate", "-y", loop])
    try #require(create.status == 0, "pvcreate failed here: \(create.stderr)")
    let advice = ": not an ext2/3/4 filesystem: it is an LVM physical volume; activate its volume group (vgchange -ay), then scan the logical volume"
    try Self.expectRefused(loop, saying: advice)
    try Self.expectRefused(file, saying: advice)
  }

  @Test(arguments: ["fifo", "dir", "chardev"])
  func notAnImageAtAll(_ kind: String) throws {
    let dir = try TemporaryDirectory()
    var path = dir.path("thing")
    var what = ""
    switch kind {
    case "fifo":
      try runChecked("mkfifo", [path])
      what = "a FIFO (named pipe)"
    case "dir":
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      what = "a directory"
    default:
      path = "/dev/null"
      what = "a character device"
    }
    try Self.expectRefused(path, saying: " is \(what): e4scope reads image files and block devices")
  }
}
