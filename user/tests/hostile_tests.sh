# shellcheck shell=bash
# Hostile inputs (issue 11): each fuzzing finding as a test. Sourced by
# tests/run, which provides run, ok, not_ok, expect_* and $TMP.

HX=$TESTS/hostile

# no_crash NAME: the last run exited 0, 1 or 2 (not a signal, not a
# sanitizer's 99).
no_crash() {
	case $RC in
	0 | 1 | 2) ok "$1" ;;
	*) not_ok "$1" "exit status $RC" "stderr: $(head -c 2000 "$ERR")" ;;
	esac
}

#
# 1. matrix import: an availability row with a single cell
#
run matrix import --edition 2024-01-01 "$HX/avail-one-cell.md"
if [ "$RC" = 0 ] && grep -q 'availability row has 1 cells for 3 columns' "$ERR"; then
	ok "matrix import: a one-cell availability row is warned, not read past"
else
	not_ok "matrix import: a one-cell availability row is warned, not read past" \
		"exit status $RC" "stderr: $(head -c 2000 "$ERR")"
fi
