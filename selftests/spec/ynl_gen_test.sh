#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ynl_gen_test.sh: the kernel's own netlink code generator
# (tools/net/ynl/ynl-gen-c.py, from linux-source-6.12 via
# selftests/vm/fetch-ynl) accepts Documentation/netlink/specs/hvcaps.yaml
# and what it generates compiles:
#
#   1. the uAPI header (--mode uapi) compiles, and names the same constants
#      with the same values as include/uapi/linux/hvcaps.h;
#   2. the user-space library (--mode user, header and source) compiles
#      with the flags of tools/net/ynl and links with the kernel's libynl
#      into a program that uses every request and the notification;
#   3. the notification's struct keeps the event attribute;
#   4. the kernel side (--mode kernel, header and source) is generated, and,
#      with the family struct genetlink-c leaves to the module,
#      compiles against the kernel headers of 6.12 (build/kernels/6.12,
#      selftests/vm/fetch-kernel 6.12) when they are cached: the 6.1
#      headers lack genl_split_ops, which the generator uses. A skip says
#      so otherwise.
#
#   selftests/spec/ynl_gen_test.sh [--spec FILE]
#
# TAP on stdout; exit 0 when nothing failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
spec=$top/Documentation/netlink/specs/hvcaps.yaml
[ "${1:-}" = --spec ] && spec=$(realpath "$2")
ynl=$top/build/ynl

echo "TAP version 13"
echo "1..4"
if ! "$top/selftests/vm/fetch-ynl" >/dev/null 2>&1 || [ ! -f "$ynl/tools/net/ynl/ynl-gen-c.py" ]; then
	for i in 1 2 3 4; do
		echo "ok $i # SKIP the kernel's ynl-gen-c.py is not available (selftests/vm/fetch-ynl failed)"
	done
	exit 0
fi
gen=$ynl/tools/net/ynl/ynl-gen-c.py
lib=$ynl/tools/net/ynl/lib

# The generator finds its schema next to the spec's directory
# (Documentation/netlink/<protocol>.yaml) and the tree's root by its
# MAINTAINERS file: give it a tree of that shape.
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/Documentation/netlink/specs"
cp "$ynl"/Documentation/netlink/*.yaml "$t/Documentation/netlink/"
cp "$spec" "$t/Documentation/netlink/specs/hvcaps.yaml"
: >"$t/MAINTAINERS"
tspec=$t/Documentation/netlink/specs/hvcaps.yaml

# The flags tools/net/ynl's Makefiles build the generated code with.
CFLAGS=(-std=gnu11 -O2 -W -Wall -Wextra -Wno-unused-parameter -Wshadow -Werror)
# libynl itself is not ours to keep warning-free.
LIBFLAGS=(-std=gnu11 -O2 -w)

failed=0
ok() { echo "ok $1 $2"; }
not_ok() {
	echo "not ok $1 $2"
	[ -s "$t/log" ] && sed 's/^/# /' "$t/log" | head -n 40
	failed=$((failed + 1))
}

# generate MODE header|source OUT
generate() {
	local flag=--$2
	timeout 300 python3 "$gen" --mode "$1" "$flag" --spec "$tspec" -o "$3" >"$t/log" 2>&1 &&
		[ -s "$3" ]
}

# 1. uAPI header: compiles, same constants as ours.
mkdir -p "$t/gen/linux"
if ! generate uapi header "$t/gen/linux/hvcaps.h"; then
	not_ok 1 "ynl-gen-c generates the uAPI header"
else
	# Every name the generated header defines (comments stripped by the
	# preprocessor), printed with its value by the compiler from either
	# header; a name only in ours is check_spec_uapi.py's business.
	names=$(gcc -fpreprocessed -dD -E -P "$t/gen/linux/hvcaps.h" 2>/dev/null |
		grep -oE '\b_*HVCAPS_[A-Z0-9_]*[A-Z0-9]\b' | grep -v '^_UAPI_' | sort -u)
	dump_values() {
		{
			echo '#include <stdio.h>'
			echo "#include \"$1\""
			# shellcheck disable=SC2028 # C escapes, for the C compiler
			echo 'static void s(const char *n, const char *v) { printf("%s \"%s\"\n", n, v); }'
			# shellcheck disable=SC2028
			echo 'static void i(const char *n, long long v) { printf("%s %lld\n", n, v); }'
			echo '#define P(n) _Generic((n), char *: s, const char *: s, default: i)(#n, n)'
			echo 'int main(void) {'
			for n in $names; do
				printf '\tP(%s);\n' "$n"
			done
			echo 'return 0; }'
		} >"$t/dump.c"
		gcc -std=gnu11 -Wall -o "$t/dump" "$t/dump.c" >>"$t/log" 2>&1 && "$t/dump"
	}
	: >"$t/log"
	if dump_values "$t/gen/linux/hvcaps.h" >"$t/gen.txt" &&
		dump_values "$top/include/uapi/linux/hvcaps.h" >"$t/ours.txt" &&
		diff "$t/ours.txt" "$t/gen.txt" >"$t/log"; then
		ok 1 "the generated uAPI header compiles and agrees with include/uapi/linux/hvcaps.h ($(wc -l <"$t/ours.txt") constants)"
	else
		echo "diff: < ours, > generated" >>"$t/log"
		not_ok 1 "the generated uAPI header compiles and agrees with include/uapi/linux/hvcaps.h"
	fi
fi

# 2. user library: compiles and links with libynl.
mkdir -p "$t/user"
cat >"$t/user/main.c" <<'EOF'
/* Uses every request and the notification of the generated library. */
#include <stdio.h>
#include <string.h>
#include "ynl.h"
#include "hvcaps-user.h"

int main(void)
{
	struct ynl_sock *ys = ynl_sock_create(&ynl_hvcaps_family, NULL);
	struct hvcaps_channel_get_req *req = hvcaps_channel_get_req_alloc();
	struct hvcaps_channel_get_list *list;
	struct hvcaps_channel_get_rsp *rsp;
	struct hvcaps_host_get_rsp *host;
	struct ynl_ntf_base_type *ntf;

	if (!ys)
		return 1;
	host = hvcaps_host_get(ys);
	if (host)
		hvcaps_host_get_rsp_free(host);
	hvcaps_channel_get_req_set_instance(req, "0123456789abcdef", 16);
	rsp = hvcaps_channel_get(ys, req);
	if (rsp)
		hvcaps_channel_get_rsp_free(rsp);
	hvcaps_channel_get_req_free(req);
	list = hvcaps_channel_get_dump(ys);
	if (list)
		hvcaps_channel_get_list_free(list);
	ntf = ynl_ntf_dequeue(ys);
	if (ntf)
		ynl_ntf_free(ntf);
	ynl_sock_destroy(ys);
	return 0;
}
EOF
if generate user header "$t/user/hvcaps-user.h" && generate user source "$t/user/hvcaps-user.c" &&
	gcc "${CFLAGS[@]}" -I"$t/user" -I"$lib" -I"$top/include/uapi" \
		-c "$t/user/hvcaps-user.c" -o "$t/user/hvcaps-user.o" >"$t/log" 2>&1 &&
	gcc "${CFLAGS[@]}" -I"$t/user" -I"$lib" -I"$top/include/uapi" \
		-c "$t/user/main.c" -o "$t/user/main.o" >"$t/log" 2>&1 &&
	gcc "${LIBFLAGS[@]}" -I"$lib" -I"$top/include/uapi" \
		-c "$lib/ynl.c" -o "$t/user/ynl.o" >"$t/log" 2>&1 &&
	gcc -o "$t/user/prog" "$t/user/main.o" "$t/user/hvcaps-user.o" "$t/user/ynl.o" \
		>"$t/log" 2>&1; then
	ok 2 "the generated user library compiles (-Werror) and links with libynl"
else
	not_ok 2 "the generated user library compiles (-Werror) and links with libynl"
fi

# 3. The notification keeps its event attribute.
: >"$t/log"
if [ -f "$t/user/hvcaps-user.h" ] &&
	awk '/^struct hvcaps_channel_ntf_rsp|^struct hvcaps_channel_ntf /,/^};/' "$t/user/hvcaps-user.h" |
	grep -q 'enum hvcaps_event event;'; then
	ok 3 "the channel-ntf notification carries event"
else
	grep -n 'ntf' "$t/user/hvcaps-user.h" >"$t/log" 2>/dev/null
	not_ok 3 "the channel-ntf notification carries event"
fi

# 4. kernel side.
mkdir -p "$t/kernel"
"$top/selftests/vm/fetch-kernel" 6.12 >/dev/null 2>&1 || true
if ! generate kernel header "$t/kernel/hvcaps-nl.h" || ! generate kernel source "$t/kernel/hvcaps-nl.c"; then
	not_ok 4 "ynl-gen-c generates the kernel side"
elif [ ! -f "$top/build/kernels/6.12/kdir" ]; then
	ok 4 "# SKIP kernel side generated; compiling it needs the 6.12 headers (selftests/vm/fetch-kernel 6.12)"
else
	kdir=$(cat "$top/build/kernels/6.12/kdir")
	mapfile -t vars <"$top/build/kernels/6.12/make-vars"
	# The generated source includes <uapi/linux/hvcaps.h> from the tree.
	mkdir -p "$t/kernel/include/uapi/linux"
	cp "$top/include/uapi/linux/hvcaps.h" "$t/kernel/include/uapi/linux/"
	# genetlink-c leaves the family struct to the module: define it the
	# way hvcaps.ko would, in a unit that includes the generated source.
	cat >"$t/kernel/hvcaps-fam.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0
		#include <linux/module.h>
		#include "hvcaps-nl.c"

		struct genl_family hvcaps_nl_family = {
			.name		= HVCAPS_GENL_NAME,
			.version	= HVCAPS_GENL_VERSION,
			.netnsok	= true,
			.module		= THIS_MODULE,
			.split_ops	= hvcaps_nl_ops,
			.n_split_ops	= ARRAY_SIZE(hvcaps_nl_ops),
			.mcgrps		= hvcaps_nl_mcgrps,
			.n_mcgrps	= ARRAY_SIZE(hvcaps_nl_mcgrps),
		};
		MODULE_LICENSE("GPL");
	EOF
	echo 'obj-m := hvcaps-fam.o' >"$t/kernel/Kbuild"
	# shellcheck disable=SC2016 # $(src) is Kbuild's
	echo 'ccflags-y := -I$(src)/include' >>"$t/kernel/Kbuild"
	if make -C "$kdir" M="$t/kernel" W=1 "${vars[@]}" hvcaps-fam.o >"$t/log" 2>&1 &&
		! grep -q 'warning:' "$t/log"; then
		ok 4 "the generated kernel side compiles against $(cat "$top/build/kernels/6.12/kver") (W=1, no warning)"
	else
		not_ok 4 "the generated kernel side compiles against the 6.12 headers"
	fi
fi
exit $((failed > 0))
