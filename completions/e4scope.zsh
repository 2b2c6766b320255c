#compdef e4scope

__e4scope_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__e4scope_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __e4scope_complete "${completions[@]:0:-1}"
    fi
}

__e4scope_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_e4scope() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'info:Show a filesystem summary: type, UUID, sizes, features, state, mount state.'
            'extents:List every extent of one inode and where i_size falls.'
            'scan:Report blocks beyond EOF, zero-filled written data and unwritten blocks holding data.'
            'trim:Free unwritten blocks beyond EOF (and, if asked, written ones or zero-filled runs).'
            'convert:Flip zero-filled runs to unwritten, or unwritten runs holding data to written.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        info|extents|scan|trim|convert|help)
            "_e4scope_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_e4scope_info() {
    local -i ret=1
    local -ar ___format=('table' 'json' 'ndjson' 'csv' 'bodyfile')
    local -ar ___journal=('raw' 'replay')
    local -ar arg_specs=(
        '--format[Report format\: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default\: table on a terminal, else ndjson).]:format:{__e4scope_complete "${___format[@]}"}'
        '(--quiet -q)'{--quiet,-q}'[Print no report and no warnings; only the exit status tells.]'
        '--partition[Use the ext2/3/4 partition with this number (default\: every one, or the whole image).]:partition:'
        '--offset[Byte offset of the filesystem inside the image (skips probing).]:offset:'
        '--journal[When the journal needs recovery\: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.]:replay|raw:{__e4scope_complete "${___journal[@]}"}'
        '--journal-device[The external journal device of the filesystem.]:path:_files'
        '*:images:_files'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_e4scope_extents() {
    local -i ret=1
    local -ar ___format=('table' 'json' 'ndjson' 'csv' 'bodyfile')
    local -ar ___journal=('raw' 'replay')
    local -ar arg_specs=(
        '--format[Report format\: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default\: table on a terminal, else ndjson).]:format:{__e4scope_complete "${___format[@]}"}'
        '(--quiet -q)'{--quiet,-q}'[Print no report and no warnings; only the exit status tells.]'
        '--partition[Use the ext2/3/4 partition with this number (default\: every one, or the whole image).]:partition:'
        '--offset[Byte offset of the filesystem inside the image (skips probing).]:offset:'
        '--journal[When the journal needs recovery\: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.]:replay|raw:{__e4scope_complete "${___journal[@]}"}'
        '--journal-device[The external journal device of the filesystem.]:path:_files'
        '--inode[The inode number.]:inode:'
        ':image-path:_files'
        ':path:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_e4scope_scan() {
    local -i ret=1
    local -ar ___format=('table' 'json' 'ndjson' 'csv' 'bodyfile')
    local -ar ___journal=('raw' 'replay')
    local -ar ___checks=('beyond-eof' 'zeroed' 'unwritten-data' 'e2fsck-hazard' 'all')
    local -ar ___granularity=('block' 'sector')
    local -ar ___fail_on=('info' 'notice' 'warning' 'error')
    local -ar arg_specs=(
        '--format[Report format\: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default\: table on a terminal, else ndjson).]:format:{__e4scope_complete "${___format[@]}"}'
        '(--quiet -q)'{--quiet,-q}'[Print no report and no warnings; only the exit status tells.]'
        '--partition[Use the ext2/3/4 partition with this number (default\: every one, or the whole image).]:partition:'
        '--offset[Byte offset of the filesystem inside the image (skips probing).]:offset:'
        '*--inode[Only this inode (repeatable).]:inode:'
        '*--path[Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).]:path:'
        '--min-run[Shortest zero-filled run (zeroed_written), in blocks.]:min-run:'
        '--threads[Worker threads for the inode scan and data reads (default\: number of cores).]:threads:'
        '--progress[Draw a progress line on stderr, or not (default\: only when stderr is a terminal).]'
        '--no-progress[Draw a progress line on stderr, or not (default\: only when stderr is a terminal).]'
        '-C[Write machine-readable progress to this open file descriptor, one line per update\: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.]:fd:'
        '--bytes[Show sizes in the table as exact bytes, not KiB, MiB, ...]'
        '--journal[When the journal needs recovery\: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.]:replay|raw:{__e4scope_complete "${___journal[@]}"}'
        '--journal-device[The external journal device of the filesystem.]:path:_files'
        '*--checks[Checks to run, comma-separated or repeated\: beyond-eof, zeroed, unwritten-data, e2fsck-hazard, all.]:list:{__e4scope_complete "${___checks[@]}"}'
        '--granularity[Report zero-filled data by block, or also by 512-byte sector.]:granularity:{__e4scope_complete "${___granularity[@]}"}'
        '--evidence[Add the first non-zero bytes (hex and ASCII) to unwritten_with_data\: a lost conversion'\''s data, bytes erased with fallocate --zero-range, or a deleted file'\''s.]'
        '--journal-diff[List only the findings that one of the two journal views (replay, raw) has, each with its view.]'
        '--paths[Resolve each finding'\''s inode to its path (--no-paths\: leave path null).]'
        '--no-paths[Resolve each finding'\''s inode to its path (--no-paths\: leave path null).]'
        '--fail-on[Lowest severity that makes exit status 4\: info, notice, warning or error.]:fail-on:{__e4scope_complete "${___fail_on[@]}"}'
        '--keep-cache[Leave the file data read in the page cache (by default a data scan reads past the cache, or drops what it read and was not cached before).]'
        '*:images:_files'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_e4scope_trim() {
    local -i ret=1
    local -ar ___format=('table' 'json' 'ndjson' 'csv' 'bodyfile')
    local -ar ___journal=('raw' 'replay')
    local -ar arg_specs=(
        '--format[Report format\: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default\: table on a terminal, else ndjson).]:format:{__e4scope_complete "${___format[@]}"}'
        '(--quiet -q)'{--quiet,-q}'[Print no report and no warnings; only the exit status tells.]'
        '--partition[Use the ext2/3/4 partition with this number (default\: every one, or the whole image).]:partition:'
        '--offset[Byte offset of the filesystem inside the image (skips probing).]:offset:'
        '(-n --dry-run)'{-n,--dry-run}'[Print the plan in the chosen format; write nothing.]'
        '(-y --yes)'{-y,--yes}'[Apply without asking.]'
        '--undo[Write the e2undo file here (default\: next to the image).]:undo:'
        '--no-undo[Write no undo file.]'
        '--force[Repair although quota is enabled or the superblock records errors, and repair immutable and append-only files.]'
        '*--inode[Only this inode (repeatable).]:inode:'
        '*--path[Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).]:path:'
        '--min-run[Shortest zero-filled run (zeroed_written), in blocks.]:min-run:'
        '--threads[Worker threads for the inode scan and data reads (default\: number of cores).]:threads:'
        '--bytes[Show sizes in the table as exact bytes, not KiB, MiB, ...]'
        '--journal[When the journal needs recovery\: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.]:replay|raw:{__e4scope_complete "${___journal[@]}"}'
        '--journal-device[The external journal device of the filesystem.]:path:_files'
        '--progress[Draw a progress line on stderr, or not (default\: only when stderr is a terminal).]'
        '--no-progress[Draw a progress line on stderr, or not (default\: only when stderr is a terminal).]'
        '-C[Write machine-readable progress to this open file descriptor, one line per update\: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.]:fd:'
        ':image:_files'
        '--unwritten-beyond-eof[Free unwritten blocks beyond EOF (default).]'
        '--written-beyond-eof[Free written blocks beyond EOF.]'
        '--zeroed[Punch zero-filled written runs into holes.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_e4scope_convert() {
    local -i ret=1
    local -ar ___format=('table' 'json' 'ndjson' 'csv' 'bodyfile')
    local -ar ___journal=('raw' 'replay')
    local -ar arg_specs=(
        '--format[Report format\: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default\: table on a terminal, else ndjson).]:format:{__e4scope_complete "${___format[@]}"}'
        '(--quiet -q)'{--quiet,-q}'[Print no report and no warnings; only the exit status tells.]'
        '--partition[Use the ext2/3/4 partition with this number (default\: every one, or the whole image).]:partition:'
        '--offset[Byte offset of the filesystem inside the image (skips probing).]:offset:'
        '(-n --dry-run)'{-n,--dry-run}'[Print the plan in the chosen format; write nothing.]'
        '(-y --yes)'{-y,--yes}'[Apply without asking.]'
        '--undo[Write the e2undo file here (default\: next to the image).]:undo:'
        '--no-undo[Write no undo file.]'
        '--force[Repair although quota is enabled or the superblock records errors, and repair immutable and append-only files.]'
        '*--inode[Only this inode (repeatable).]:inode:'
        '*--path[Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).]:path:'
        '--min-run[Shortest zero-filled run (zeroed_written), in blocks.]:min-run:'
        '--threads[Worker threads for the inode scan and data reads (default\: number of cores).]:threads:'
        '--bytes[Show sizes in the table as exact bytes, not KiB, MiB, ...]'
        '--journal[When the journal needs recovery\: replay it in memory (the filesystem as the next mount sees it; nothing is written), or show the raw metadata on disk.]:replay|raw:{__e4scope_complete "${___journal[@]}"}'
        '--journal-device[The external journal device of the filesystem.]:path:_files'
        '--progress[Draw a progress line on stderr, or not (default\: only when stderr is a terminal).]'
        '--no-progress[Draw a progress line on stderr, or not (default\: only when stderr is a terminal).]'
        '-C[Write machine-readable progress to this open file descriptor, one line per update\: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.]:fd:'
        ':image:_files'
        '--zeroed[Turn zero-filled written runs unwritten.]'
        '--unwritten-data[Turn unwritten runs that hold data written.]'
        '--extend-size[With --unwritten-data\: raise i_size over recovered data beyond EOF.]'
        '--size[With --extend-size\: the new i_size in bytes.]:size:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_e4scope_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _e4scope ]]; then
    _e4scope "${@}"
else
    compdef _e4scope e4scope
fi
