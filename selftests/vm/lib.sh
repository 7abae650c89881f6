# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are used by the scripts sourcing this
# Common helpers for the selftests/vm scripts. Sourced, never executed.
#
# Every path is derived from this file's own location, never from $PWD, so
# the scripts work from any directory and in any checkout.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$VM_DIR/../.." && pwd)
BUILD="$TOP/build"
PROG=${PROG:-$(basename "$0")}

# The kernels the harness knows how to fetch and boot: Debian's (sid is
# unstable's newest, whatever its version), and "debug", built from
# linux-source-6.1 with KASAN and lockdep (build-debug-kernel).
KERNELS="5.10 6.1 6.12 sid debug"

# get_kernel V: fetch (or build) kernel V into build/kernels/V.
get_kernel() {
	if [ "$1" = debug ]; then
		"$VM_DIR/build-debug-kernel"
	else
		"$VM_DIR/fetch-kernel" "$1"
	fi
}
# sid_missing: why modules for sid cannot be built on this machine, empty
# when they can: they build in an unstable root (sid-root), made with
# debootstrap and entered with chroot, which need root.
sid_missing() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root: modules for sid build in a chroot (selftests/vm/sid-root)"
	elif [ ! -f "$BUILD/sid-root/stamp" ] && ! command -v debootstrap >/dev/null 2>&1; then
		echo "debootstrap not installed (apt-get install debootstrap): modules for sid build in an unstable root"
	fi
}

# The kernels with an arm64 build (fetch-kernel --arch arm64, NAME V-arm64).
ARM64_KERNELS="6.1 6.12"

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

warn() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# apt_repo_uri LABEL: the URI of the first repository with Release label
# LABEL ("Debian", "Debian-Security") in this machine's apt configuration,
# as `apt-get indextargets` lists it after `apt-get update`.
apt_repo_uri() {
	apt-get indextargets --format '$(REPO_URI)' "Label: $1" 2>/dev/null |
		sort -u | head -n1
}

# debian_mirrors: set MIRROR and SECURITY_MIRROR to the Debian archive and
# its security archive that this machine's apt uses, so that a site's mirror
# or proxy is followed and no host name is written into the project.
# HVCAPS_DEBIAN_MIRROR and HVCAPS_DEBIAN_SECURITY_MIRROR override them.
# Without a security archive only the point release's kernels are seen.
debian_mirrors() {
	MIRROR=${HVCAPS_DEBIAN_MIRROR:-$(apt_repo_uri Debian)}
	SECURITY_MIRROR=${HVCAPS_DEBIAN_SECURITY_MIRROR:-$(apt_repo_uri Debian-Security)}
	[ -n "$MIRROR" ] ||
		die "this machine's apt configuration names no Debian archive (apt-get indextargets lists no 'Label: Debian'; run apt-get update first, or set HVCAPS_DEBIAN_MIRROR to a Debian mirror's URI)"
	[ -n "$SECURITY_MIRROR" ] ||
		warn "no Debian security archive in the apt configuration (set HVCAPS_DEBIAN_SECURITY_MIRROR): using point-release kernels only"
}

# apt_private DIR: a private apt tree in DIR (DIR/etc/sources.list is the
# caller's to write) and APT_OPTS to use it, so that the system's apt
# sources, lists and dpkg database are never touched.
apt_private() {
	local d=$1
	mkdir -p "$d/etc/sources.list.d" "$d/lists/partial" \
		"$d/cache/archives/partial" "$d/debs"
	# An empty dpkg status: resolution must not depend on what the host
	# has installed.
	: >"$d/status"
	APT_OPTS=(
		-o "Dir::Etc::sourcelist=$d/etc/sources.list"
		-o "Dir::Etc::sourceparts=$d/etc/sources.list.d"
		-o "Dir::State::Lists=$d/lists"
		-o "Dir::State::status=$d/status"
		-o "Dir::Cache=$d/cache"
		-o "Dir::Cache::archives=$d/cache/archives"
		# Our directories are root's; apt's _apt sandbox user cannot
		# write them, and says so loudly.
		-o "APT::Sandbox::User=root"
	)
}

# need_cmd CMD PACKAGE: fail early, naming the Debian package to install,
# rather than half-way through with "command not found".
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: apt-get install $2"
}

# need_file PATH PACKAGE: same for files that are not commands.
need_file() {
	[ -e "$1" ] || die "'$1' not found: apt-get install $2"
}

check_kernel() {
	case " $KERNELS " in
	*" $1 "*) ;;
	*) die "unknown kernel '$1' (one of: $KERNELS)" ;;
	esac
}

# with_lock FILE CMD...: serialise concurrent fetches of the same cache so
# parallel `run`s do not extract over each other.
with_lock() {
	local lock=$1
	shift
	need_cmd flock util-linux
	mkdir -p "$(dirname "$lock")"
	(
		flock 9
		"$@"
	) 9>"$lock"
}
