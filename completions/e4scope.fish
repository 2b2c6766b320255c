function __e4scope_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __e4scope_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __e4scope_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __e4scope_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __e4scope_parse_tokens -S
    set -l unparsed_tokens (__e4scope_tokens -pc)
    switch $unparsed_tokens[1]
    case 'e4scope'
        __e4scope_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'info'
            __e4scope_parse_subcommand -r 1 'format=' 'q/quiet' 'partition=' 'offset=' 'journal=' 'journal-device=' 'version' 'h/help'
        case 'extents'
            __e4scope_parse_subcommand 2 'format=' 'q/quiet' 'partition=' 'offset=' 'journal=' 'journal-device=' 'inode=' 'version' 'h/help'
        case 'scan'
            __e4scope_parse_subcommand -r 1 'format=' 'q/quiet' 'partition=' 'offset=' 'inode=+' 'path=+' 'min-run=' 'threads=' 'progress' 'no-progress' 'C=' 'bytes' 'journal=' 'journal-device=' 'checks=+' 'granularity=' 'evidence' 'journal-diff' 'paths' 'no-paths' 'fail-on=' 'keep-cache' 'version' 'h/help'
        case 'trim'
            __e4scope_parse_subcommand 1 'format=' 'q/quiet' 'partition=' 'offset=' 'n/dry-run' 'y/yes' 'undo=' 'no-undo' 'force' 'inode=+' 'path=+' 'min-run=' 'threads=' 'bytes' 'journal=' 'journal-device=' 'progress' 'no-progress' 'C=' 'unwritten-beyond-eof' 'written-beyond-eof' 'zeroed' 'version' 'h/help'
        case 'convert'
            __e4scope_parse_subcommand 1 'format=' 'q/quiet' 'partition=' 'offset=' 'n/dry-run' 'y/yes' 'undo=' 'no-undo' 'force' 'inode=+' 'path=+' 'min-run=' 'threads=' 'bytes' 'journal=' 'journal-device=' 'progress' 'no-progress' 'C=' 'zeroed' 'unwritten-data' 'extend-size' 'size=' 'version' 'h/help'
        case 'help'
            __e4scope_parse_subcommand -r 1 'version'
        end
    end
end

function __e4scope_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __e4scope_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __e4scope_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __e4scope_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__e4scope_tokens -p)
    if test -z "$(__e4scope_tokens -t)"
        set -l index (count (__e4scope_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'e4scope' -f
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope" version' -l 'version' -d 'Show the version.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope" -eq 1' -fa 'info' -d 'Show a filesystem summary: type, UUID, sizes, features, state, mount state.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope" -eq 1' -fa 'extents' -d 'List every extent of one inode and where i_size falls.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope" -eq 1' -fa 'scan' -d 'Report blocks beyond EOF, zero-filled written data and unwritten blocks holding data.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope" -eq 1' -fa 'trim' -d 'Free unwritten blocks beyond EOF (and, if asked, written ones or zero-filled runs).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope" -eq 1' -fa 'convert' -d 'Flip zero-filled runs to unwritten, or unwritten runs holding data to written.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" format' -l 'format' -d 'Report format: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default: table on a terminal, else ndjson).' -rfka 'table json ndjson csv bodyfile'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" q quiet' -l 'quiet' -s 'q' -d 'Print no report and no warnings; only the exit status tells.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" partition' -l 'partition' -d 'Use the ext2/3/4 partition with this number (default: every one, or the whole image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" offset' -l 'offset' -d 'Byte offset of the filesystem inside the image (skips probing).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" journal' -l 'journal' -d 'When the journal needs recovery: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.' -rfka 'raw replay'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" journal-device' -l 'journal-device' -d 'The external journal device of the filesystem.' -rF
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope info" -ge 1' -F
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" version' -l 'version' -d 'Show the version.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope info" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" format' -l 'format' -d 'Report format: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default: table on a terminal, else ndjson).' -rfka 'table json ndjson csv bodyfile'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" q quiet' -l 'quiet' -s 'q' -d 'Print no report and no warnings; only the exit status tells.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" partition' -l 'partition' -d 'Use the ext2/3/4 partition with this number (default: every one, or the whole image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" offset' -l 'offset' -d 'Byte offset of the filesystem inside the image (skips probing).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" journal' -l 'journal' -d 'When the journal needs recovery: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.' -rfka 'raw replay'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" journal-device' -l 'journal-device' -d 'The external journal device of the filesystem.' -rF
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" inode' -l 'inode' -d 'The inode number.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope extents" -eq 1' -F
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" version' -l 'version' -d 'Show the version.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope extents" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" format' -l 'format' -d 'Report format: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default: table on a terminal, else ndjson).' -rfka 'table json ndjson csv bodyfile'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" q quiet' -l 'quiet' -s 'q' -d 'Print no report and no warnings; only the exit status tells.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" partition' -l 'partition' -d 'Use the ext2/3/4 partition with this number (default: every one, or the whole image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" offset' -l 'offset' -d 'Byte offset of the filesystem inside the image (skips probing).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan"' -l 'inode' -d 'Only this inode (repeatable).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan"' -l 'path' -d 'Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" min-run' -l 'min-run' -d 'Shortest zero-filled run (zeroed_written), in blocks.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" threads' -l 'threads' -d 'Worker threads for the inode scan and data reads (default: number of cores).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" progress' -l 'progress' -d 'Draw a progress line on stderr, or not (default: only when stderr is a terminal).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" no-progress' -l 'no-progress' -d 'Draw a progress line on stderr, or not (default: only when stderr is a terminal).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" C' -s 'C' -d 'Write machine-readable progress to this open file descriptor, one line per update: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" bytes' -l 'bytes' -d 'Show sizes in the table as exact bytes, not KiB, MiB, ...'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" journal' -l 'journal' -d 'When the journal needs recovery: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.' -rfka 'raw replay'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" journal-device' -l 'journal-device' -d 'The external journal device of the filesystem.' -rF
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan"' -l 'checks' -d 'Checks to run, comma-separated or repeated: beyond-eof, zeroed, unwritten-data, e2fsck-hazard, all.' -rfka 'beyond-eof zeroed unwritten-data e2fsck-hazard all'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" granularity' -l 'granularity' -d 'Report zero-filled data by block, or also by 512-byte sector.' -rfka 'block sector'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" evidence' -l 'evidence' -d 'Add the first non-zero bytes (hex and ASCII) to unwritten_with_data: a lost conversion\'s data, bytes erased with fallocate --zero-range, or a deleted file\'s.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" journal-diff' -l 'journal-diff' -d 'List only the findings that one of the two journal views (replay, raw) has, each with its view.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" paths' -l 'paths' -d 'Resolve each finding\'s inode to its path (--no-paths: leave path null).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" no-paths' -l 'no-paths' -d 'Resolve each finding\'s inode to its path (--no-paths: leave path null).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" fail-on' -l 'fail-on' -d 'Lowest severity that makes exit status 4: info, notice, warning or error.' -rfka 'info notice warning error'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" keep-cache' -l 'keep-cache' -d 'Leave the file data read in the page cache (by default a data scan reads past the cache, or drops what it read and was not cached before).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope scan" -ge 1' -F
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" version' -l 'version' -d 'Show the version.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope scan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" format' -l 'format' -d 'Report format: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default: table on a terminal, else ndjson).' -rfka 'table json ndjson csv bodyfile'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" q quiet' -l 'quiet' -s 'q' -d 'Print no report and no warnings; only the exit status tells.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" partition' -l 'partition' -d 'Use the ext2/3/4 partition with this number (default: every one, or the whole image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" offset' -l 'offset' -d 'Byte offset of the filesystem inside the image (skips probing).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" dry-run n' -s 'n' -l 'dry-run' -d 'Print the plan in the chosen format; write nothing.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" y yes' -s 'y' -l 'yes' -d 'Apply without asking.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" undo' -l 'undo' -d 'Write the e2undo file here (default: next to the image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" no-undo' -l 'no-undo' -d 'Write no undo file.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" force' -l 'force' -d 'Repair although quota is enabled or the superblock records errors, and repair immutable and append-only files.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim"' -l 'inode' -d 'Only this inode (repeatable).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim"' -l 'path' -d 'Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" min-run' -l 'min-run' -d 'Shortest zero-filled run (zeroed_written), in blocks.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" threads' -l 'threads' -d 'Worker threads for the inode scan and data reads (default: number of cores).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" bytes' -l 'bytes' -d 'Show sizes in the table as exact bytes, not KiB, MiB, ...'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" journal' -l 'journal' -d 'When the journal needs recovery: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.' -rfka 'raw replay'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" journal-device' -l 'journal-device' -d 'The external journal device of the filesystem.' -rF
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" progress' -l 'progress' -d 'Draw a progress line on stderr, or not (default: only when stderr is a terminal).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" no-progress' -l 'no-progress' -d 'Draw a progress line on stderr, or not (default: only when stderr is a terminal).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" C' -s 'C' -d 'Write machine-readable progress to this open file descriptor, one line per update: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope trim" -eq 1' -F
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" unwritten-beyond-eof' -l 'unwritten-beyond-eof' -d 'Free unwritten blocks beyond EOF (default).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" written-beyond-eof' -l 'written-beyond-eof' -d 'Free written blocks beyond EOF.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" zeroed' -l 'zeroed' -d 'Punch zero-filled written runs into holes.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" version' -l 'version' -d 'Show the version.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope trim" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" format' -l 'format' -d 'Report format: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default: table on a terminal, else ndjson).' -rfka 'table json ndjson csv bodyfile'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" q quiet' -l 'quiet' -s 'q' -d 'Print no report and no warnings; only the exit status tells.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" partition' -l 'partition' -d 'Use the ext2/3/4 partition with this number (default: every one, or the whole image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" offset' -l 'offset' -d 'Byte offset of the filesystem inside the image (skips probing).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" dry-run n' -s 'n' -l 'dry-run' -d 'Print the plan in the chosen format; write nothing.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" y yes' -s 'y' -l 'yes' -d 'Apply without asking.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" undo' -l 'undo' -d 'Write the e2undo file here (default: next to the image).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" no-undo' -l 'no-undo' -d 'Write no undo file.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" force' -l 'force' -d 'Repair although quota is enabled or the superblock records errors, and repair immutable and append-only files.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert"' -l 'inode' -d 'Only this inode (repeatable).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert"' -l 'path' -d 'Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" min-run' -l 'min-run' -d 'Shortest zero-filled run (zeroed_written), in blocks.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" threads' -l 'threads' -d 'Worker threads for the inode scan and data reads (default: number of cores).' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" bytes' -l 'bytes' -d 'Show sizes in the table as exact bytes, not KiB, MiB, ...'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" journal' -l 'journal' -d 'When the journal needs recovery: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.' -rfka 'raw replay'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" journal-device' -l 'journal-device' -d 'The external journal device of the filesystem.' -rF
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" progress' -l 'progress' -d 'Draw a progress line on stderr, or not (default: only when stderr is a terminal).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" no-progress' -l 'no-progress' -d 'Draw a progress line on stderr, or not (default: only when stderr is a terminal).'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" C' -s 'C' -d 'Write machine-readable progress to this open file descriptor, one line per update: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_positional "e4scope convert" -eq 1' -F
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" zeroed' -l 'zeroed' -d 'Turn zero-filled written runs unwritten.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" unwritten-data' -l 'unwritten-data' -d 'Turn unwritten runs that hold data written.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" extend-size' -l 'extend-size' -d 'With --unwritten-data: raise i_size over recovered data beyond EOF.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" size' -l 'size' -d 'With --extend-size: the new i_size in bytes.' -rfka ''
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" version' -l 'version' -d 'Show the version.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope convert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'e4scope' -n '__e4scope_should_offer_completions_for_flags_or_options "e4scope help" version' -l 'version' -d 'Show the version.'
