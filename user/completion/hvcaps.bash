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

	# --color=WHEN: one word when COMP_WORDBREAKS has no "=", else three
	# ("--color" "=" "WHEN"), and "=" itself while nothing follows it
	if [[ $cur == --color=* ]]; then
		mapfile -t COMPREPLY < <(compgen -P --color= -W 'auto always never' -- "${cur#--color=}")
		return
	fi
	if [ "$prev" = --color ] && [ "$cur" = = ]; then
		mapfile -t COMPREPLY < <(compgen -W 'auto always never')
		return
	fi
	if [ "$prev" = = ] && [ "$cword" -ge 2 ] && [ "${words[cword - 2]}" = --color ]; then
		mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
		return
	fi

	case $prev in
	--source)
		mapfile -t COMPREPLY < <(compgen -W 'netlink sysfs auto' -- "$cur")
		return ;;
	--root)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return ;;
	--snapshot | -o | --output | --matrix | --expect)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	--host)
		# the table of 'hvcaps help hosts': its first column after the heading
		mapfile -t COMPREPLY < <(compgen -W "$("$prog" help hosts 2>/dev/null |
			awk '/^HOST / { f = 1; next } f { print $1 }')" -- "$cur")
		return ;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W 'text json tap junit expect' -- "$cur")
		return ;;
	--lis)
		mapfile -t COMPREPLY < <(compgen -W 'builtin 4.3 4.1' -- "$cur")
		return ;;
	--kernel)
		mapfile -t COMPREPLY < <(compgen -W 'rhck uek' -- "$cur")
		return ;;
	--os | --edition)
		return ;;
	esac

	cmds=$("$prog" --help 2>/dev/null |
		awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f { printf "%s ", $1 }')
	# the command: the first word that is one, skipping option values
	cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--source | --root | --snapshot | -o | --output | --matrix | --lis | --os | --host | --edition | --expect | --format | --kernel)
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
	elif [ "$cmd" = explain ]; then
		# the feature ids
		mapfile -t COMPREPLY < <(compgen -W "$("$prog" features --list 2>/dev/null |
			awk '{ print $1 }')" -- "$cur")
	elif [ "$cmd" = help ]; then
		mapfile -t COMPREPLY < <(compgen -W "$cmds hosts" -- "$cur")
	elif [ "$cmd" = matrix ]; then
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")	# import PAGE.md
	fi
}
complete -F _hvcaps hvcaps
