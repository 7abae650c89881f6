# SPDX-License-Identifier: GPL-2.0
# bash completion for hvcaps(8). The commands and options are read from
# 'hvcaps --help' and 'hvcaps COMMAND --help', so they stay true to the
# program installed; the values of a few options are known here.

_hvcaps_words() {
	# _hvcaps_words HVCAPS [COMMAND]: the options its help lists
	"$1" ${2:+"$2"} --help 2>/dev/null |
		grep -oE -- '(^|[[:space:],[])--?[a-zA-Z][-a-zA-Z]*' |
		sed -E 's/^[[:space:],[]+//' | sort -u
}

_hvcaps() {
	local cur prev words cword prog cmd i cmds
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	prog=${words[0]}

	case $prev in
	--source)
		mapfile -t COMPREPLY < <(compgen -W 'netlink sysfs auto' -- "$cur")
		return ;;
	--root)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return ;;
	--snapshot | -o | --output | --matrix)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	--lis)
		mapfile -t COMPREPLY < <(compgen -W 'builtin 4.3 4.1' -- "$cur")
		return ;;
	--os | --host | --edition)
		return ;;
	esac

	cmds=$("$prog" --help 2>/dev/null |
		awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f { printf "%s ", $1 }')
	# the command: the first word that is one, skipping option values
	cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--source | --root | --snapshot | -o | --output | --matrix | --lis | --os | --host | --edition)
			((i++)) ;;
		-*) ;;
		*)
			if [[ " $cmds " == *" ${words[i]} "* ]]; then
				cmd=${words[i]}
				break
			fi ;;
		esac
	done
	if [ "$cmd" = matrix ] && [ "$i" = $((cword - 1)) ] && [[ $cur != -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W 'import check' -- "$cur")
		return
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_hvcaps_words "$prog" "$cmd")" -- "$cur")
	elif [ -z "$cmd" ]; then
		mapfile -t COMPREPLY < <(compgen -W "$cmds" -- "$cur")
	elif [ "$cmd" = matrix ]; then
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")	# import PAGE.md
	fi
}
complete -F _hvcaps hvcaps
