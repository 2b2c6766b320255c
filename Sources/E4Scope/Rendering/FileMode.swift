/// An inode's i_mode as text: octal for JSON and CSV, `ls -l` letters for bodyfiles.
enum FileMode {
  /// "100644".
  static func octal(_ mode: UInt16) -> String { String(mode, radix: 8) }

  /// "-rw-r--r--", with s/S, t/T for the set-id and sticky bits, as `ls -l` shows it.
  static func symbolic(_ mode: UInt16) -> String {
    let type: Character
    switch mode & 0o170000 {
    case 0o100000: type = "-"
    case 0o040000: type = "d"
    case 0o120000: type = "l"
    case 0o020000: type = "c"
    case 0o060000: type = "b"
    case 0o010000: type = "p"
    case 0o140000: type = "s"
    default: type = "?"
    }
    var out = String(type)
    let special: [(set: UInt16, letter: Character)] = [(0o4000, "s"), (0o2000, "s"), (0o1000, "t")]
    for (index, shift) in [6, 3, 0].enumerated() {
      let bits = (mode >> UInt16(shift)) & 7
      out.append(bits & 4 != 0 ? "r" : "-")
      out.append(bits & 2 != 0 ? "w" : "-")
      let execute = bits & 1 != 0
      if mode & special[index].set != 0 {
        let letter = special[index].letter
        out.append(execute ? letter : Character(letter.uppercased()))
      } else {
        out.append(execute ? "x" : "-")
      }
    }
    return out
  }
}
