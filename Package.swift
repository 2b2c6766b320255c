// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "e4scope",
  products: [
    .executable(name: "e4scope", targets: ["e4scope"]),
    .library(name: "E4Scope", targets: ["E4Scope"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(
      name: "CExt2fs", pkgConfig: "ext2fs",
      providers: [.apt(["libext2fs-dev", "comerr-dev"])]),
    .systemLibrary(
      name: "CBlkid", pkgConfig: "blkid",
      providers: [.apt(["libblkid-dev"])]),
    // The container libraries (libyal): EWF, QCOW, VMDK, VHD/VHDX, read-only.
    .systemLibrary(name: "CEwf", pkgConfig: "libewf", providers: [.apt(["libewf-dev"])]),
    .systemLibrary(name: "CQcow", pkgConfig: "libqcow", providers: [.apt(["libqcow-dev"])]),
    .systemLibrary(name: "CVmdk", pkgConfig: "libvmdk", providers: [.apt(["libvmdk-dev"])]),
    .systemLibrary(name: "CVhdi", pkgConfig: "libvhdi", providers: [.apt(["libvhdi-dev"])]),
    .target(name: "ContainerIO", dependencies: ["CExt2fs", "CEwf", "CQcow", "CVmdk", "CVhdi"]),
    .target(name: "Ext2Shim", dependencies: ["CExt2fs", "ContainerIO"]),
    .target(name: "Ext4", dependencies: ["CExt2fs", "CBlkid", "Ext2Shim", "ContainerIO"]),
    // Terminal, environment, signals: what the tool needs of the system
    // besides the filesystem.
    .target(name: "Platform"),
    .target(name: "E4Scope", dependencies: ["Ext4", "Platform"]),
    .executableTarget(
      name: "e4scope",
      dependencies: [
        "E4Scope", "Platform",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // libext2fs callocs and frees an extent handle per file; glibc's calloc
      // (no thread cache) made that a third of a scan. jemalloc halves it.
      // Release builds only: sanitizer builds (debug) need their own allocator.
      linkerSettings: [.linkedLibrary("jemalloc", .when(configuration: .release))]),
    // The fuzz harness: a libFuzzer target when built by fuzz/run.sh
    // (-sanitize=fuzzer -DFUZZING), a replay tool otherwise.
    .executableTarget(name: "e4scope-fuzz", dependencies: ["E4Scope"]),
    .testTarget(name: "Ext4Tests", dependencies: ["Ext4", "TestSupport"]),
    .testTarget(name: "E4ScopeTests", dependencies: ["E4Scope", "Ext4", "Platform", "TestSupport"]),
    .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
  ]
)
