# SPDX-License-Identifier: GPL-2.0
#
# hvcaps: `make` builds the module against the running kernel and the
# command; `make KDIR=/usr/src/linux-headers-X` builds against another.
# `make check` runs every test (the CI tier), `make check-full` every guest
# suite on every kernel, `make demo` shows hvcaps on a sample guest.
# On a fresh machine, ./demo and ./check install what is missing first.

VERSION   := $(shell cat VERSION)
KVER      ?= $(shell uname -r)
KDIR      ?= /lib/modules/$(KVER)/build
PREFIX    ?= /usr/local
DESTDIR   ?=
KERNEL    ?= 6.1
DKMS_SRC  := /usr/src/hvcaps-$(VERSION)

TOP       := $(CURDIR)
BUILD     := $(TOP)/build

.PHONY: all module user selftests-bin install install-user dkms-install \
	dkms-uninstall vm-prereqs check check-full check-debug demo bench fuzz \
	clean deb rpm

all: module user

module:
	@test -d "$(KDIR)" || { echo "no kernel headers at $(KDIR): install linux-headers-$(KVER), or pass KDIR=/usr/src/linux-headers-..." >&2; exit 2; }
	$(MAKE) -C "$(KDIR)" M="$(TOP)" modules

user:
	$(MAKE) -C user OUT="$(BUILD)/bin"

selftests-bin:
	selftests/vm/fetch-linux-tools
	-selftests/vm/fetch-ynl >/dev/null	# the kernel's ynl CLI; ynl_test skips without it
	$(MAKE) -C selftests/hvcaps OUT="$(BUILD)/selftests" KSFT_INC="$(BUILD)/linux-tools"
	$(MAKE) -C selftests/hvcaps install OUT="$(BUILD)/selftests" KSFT_INC="$(BUILD)/linux-tools" INSTALL_PATH="$(BUILD)/kselftest"

install: module install-user
	$(MAKE) -C "$(KDIR)" M="$(TOP)" modules_install
	depmod -a "$(KVER)"

install-user: user
	$(MAKE) -C user install OUT="$(BUILD)/bin" PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"

# DKMS builds from a copy of the module's sources in /usr/src.
dkms-install:
	rm -rf "$(DKMS_SRC)"
	mkdir -p "$(DKMS_SRC)"
	cp -r Kbuild VERSION dkms.conf kmod include "$(DKMS_SRC)/"
	dkms add -m hvcaps -v "$(VERSION)"
	dkms build -m hvcaps -v "$(VERSION)" $(if $(DKMS_KVER),-k $(DKMS_KVER))
	dkms install -m hvcaps -v "$(VERSION)" $(if $(DKMS_KVER),-k $(DKMS_KVER))

dkms-uninstall:
	-dkms remove -m hvcaps -v "$(VERSION)" --all
	rm -rf "$(DKMS_SRC)"

# Everything a guest of kernel $(KERNEL) needs (selftests/vm/run calls it).
vm-prereqs: user selftests-bin
	scripts/build-modules "$(KERNEL)"

# The tiers are described in scripts/check and the README.
check:
	scripts/check

check-full:
	scripts/check --full

# Packages into build/packages/ (debian/, packaging/rpm/hvcaps.spec);
# scripts/check-packages lints and install-tests them.
deb rpm:
	packaging/build $@

# The debug tier: the guest suite (fuzzer included) on the KASAN + lockdep
# kernel built from linux-source-6.1 (selftests/vm/build-debug-kernel;
# built once, then cached in build/), after its config and the harness's
# catching of each detector's report are checked. Any KASAN, lockdep,
# kmemleak... report fails. Logs in build/check-debug/.
check-debug:
	scripts/check-debug

demo:
	selftests/vm/run --kernel 6.1 --scenario selftests/scenarios/gen2-ws2019.vmbus -- scripts/demo

# Speed goals are measured here, never in tests: list over netlink vs
# sysfs vs lsvmbus, then live-event delivery latency, then reading large
# snapshots (time and memory; on this host, no guest).
bench:
	scripts/bench
	scripts/bench-events --header
	scripts/bench-dump
	scripts/bench-snapshot
	scripts/bench-snapshot --compact

# The libFuzzer harnesses (tests/fuzz), each for FUZZ_SECONDS (default
# 60), one after another; findings in build/fuzz/findings/. Needs clang.
FUZZ_SECONDS ?= 60
fuzz:
	tests/fuzz/run --seconds $(FUZZ_SECONDS)

# Not `make -C $(KDIR) M=$(TOP) clean`: Kbuild would delete every .ko
# below the checkout, the cached guest kernels' modules in build/ too.
clean:
	rm -rf "$(BUILD)"
	rm -f hvcaps.ko hvcaps.mod hvcaps.mod.c hvcaps.o modules.order Module.symvers
	rm -f kmod/*.o kmod/.*.cmd .*.cmd
	$(MAKE) -C user clean OUT="$(BUILD)/bin" 2>/dev/null || true
