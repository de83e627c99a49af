# mmbench: `make` builds, `make bench` runs the default workload,
# `make test` runs every test.  Missing packages are installed first.

CC      ?= gcc
O       := build
PREFIX  ?= /usr/local
WORKLOAD ?= default
LABEL   ?=
PKGS    := json-c numa hwloc

VERSION := $(shell git describe --always --dirty --tags 2>/dev/null || echo unknown)
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	   -DMMBENCH_VERSION='"$(VERSION)"' -MMD -MP -Ibench
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS  = $(PKG_LIBS) -lpfm -lm

# Cross builds for a guest or a lab machine: CROSS=aarch64-linux-gnu- takes
# that compiler and the target's multiarch pkg-config directory (the
# arm64 -dev packages sit next to the amd64 ones; kernel/deps.sh).
CROSS   ?=
ifneq ($(CROSS),)
CC      := $(CROSS)gcc
AR      := $(CROSS)ar
CROSS_PC := PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS:%-=%)/pkgconfig:/usr/share/pkgconfig
PKG_CFLAGS = $(shell $(CROSS_PC) pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(CROSS_PC) pkg-config --libs $(PKGS) 2>/dev/null)
endif

# The collector (compare, plot, history) needs GSL; a guest or cross build
# leaves it out with COLLECTOR=0.
COLLECTOR ?= 1
COLL_SRC := $(wildcard bench/collect/*.c bench/collect/*/*.c)
ifeq ($(COLLECTOR),1)
PKGS    += gsl
CFLAGS  += -DMMBENCH_COLLECTOR
COLL_LIB := $(O)/libcollect.a
COLL_LIB_SAN := $(O)/san/libcollect.a
endif

# bench/ is in folders by layer (docs/design.md); everything but main.c
# goes into a library the unit tests link too.
SUBDIRS := core observe place mm benches
LIB_SRC := $(filter-out bench/core/main.c,\
	$(foreach d,$(SUBDIRS),$(wildcard bench/$(d)/*.c)))
LIB_OBJ := $(LIB_SRC:bench/%.c=$(O)/%.o)
SAN_OBJ := $(LIB_SRC:bench/%.c=$(O)/san/%.o)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all
UNIT    := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
ifneq ($(COLLECTOR),1)
UNIT    := $(filter-out test_collect_%,$(UNIT))
endif

.PHONY: all deps bench test unit overhead install clean compare fuzz
all: $(O)/mmbench

# Re-run the bootstrap only when it changes; it is cheap but noisy.
$(O)/.deps: scripts/deps.sh
	@mkdir -p $(O)
	@scripts/deps.sh
	@touch $@
deps: $(O)/.deps

$(O)/%.o: bench/%.c | $(O)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(O)/san/%.o: bench/%.c | $(O)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(O)/libmmbench.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(O)/san/libmmbench.a: $(SAN_OBJ)
	$(AR) rcs $@ $^

$(O)/libcollect.a: $(COLL_SRC:bench/%.c=$(O)/%.o)
	$(AR) rcs $@ $^

$(O)/san/libcollect.a: $(COLL_SRC:bench/%.c=$(O)/san/%.o)
	$(AR) rcs $@ $^

$(O)/mmbench: $(O)/core/main.o $(COLL_LIB) $(O)/libmmbench.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(O)/san/mmbench: $(O)/san/core/main.o $(COLL_LIB_SAN) $(O)/san/libmmbench.a
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(O)/unit/%: tests/unit/%.c $(COLL_LIB) $(O)/libmmbench.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(O)/unit-san/%: tests/unit/%.c $(COLL_LIB_SAN) $(O)/san/libmmbench.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

unit: $(UNIT:%=$(O)/unit/%) $(UNIT:%=$(O)/unit-san/%) $(O)/san/mmbench

bench: $(O)/mmbench
	@wl=$(WORKLOAD); case $$wl in *.wl) ;; *) wl=workloads/$$wl.wl ;; esac; \
	$(O)/mmbench suite $$wl $(if $(LABEL),label=$(LABEL)) > $(O)/last-run; \
	rc=$$?; if [ -s $(O)/last-run ]; then \
		echo "results: $$(cat $(O)/last-run)"; fi; exit $$rc

# The report test renders HTML in Chromium: make test installs it, make
# bench does not.
$(O)/.test-deps: scripts/test-deps.sh
	@mkdir -p $(O)
	@scripts/test-deps.sh
	@touch $@

test: $(O)/mmbench unit $(O)/.test-deps
	@O=$(O) tests/run.sh

# Booting kernels under QEMU (README "Running under QEMU"):
# make qemu-run KERNEL=bzImage|Image|linux-image-NAME WORKLOAD=.. [LABEL=..]
# [ARCH=x86_64|arm64] [MODULES=dir] [PMEM=512M [FS=ext4|xfs]] [DETERMINISTIC=1] ..;
# make before-after BEFORE=kernel AFTER=kernel WORKLOAD=.. compares two.
# The tests need QEMU and friends; a failed install makes them skip.
.PHONY: qemu-run before-after
QEMU_VARS = $(foreach v,KERNEL MODULES ARCH WORKLOAD LABEL PMEM FS ZRAM MEM SMP \
	DETERMINISTIC ACCEL CPU TIMEOUT ARGS RESULTS,$(if $($(v)),$(v)='$($(v))'))
$(O)/.qemu-deps: kernel/deps.sh
	@mkdir -p $(O)
	@if kernel/deps.sh; then touch $@; else \
		echo "kernel/deps.sh failed: the QEMU tests will skip"; fi
test: $(O)/.qemu-deps
qemu-run: $(O)/.qemu-deps
	@kernel/qemu-run $(QEMU_VARS)
before-after: $(O)/mmbench $(O)/.qemu-deps
	@MMBENCH=$(O)/mmbench kernel/before-after BEFORE='$(BEFORE)' \
		AFTER='$(AFTER)' $(if $(OUT),OUT='$(OUT)') $(QEMU_VARS)

# make compare BEFORE=dir AFTER=dir [PLOTS=dir]: table and graphs.
PLOTS ?= $(AFTER)/plots
compare: $(O)/mmbench
	@if [ -z "$(BEFORE)" ] || [ -z "$(AFTER)" ]; then \
		echo "usage: make compare BEFORE=dir AFTER=dir [PLOTS=dir]" >&2; \
		exit 2; fi
	@$(O)/mmbench compare $(BEFORE) $(AFTER) --plot $(PLOTS)
	@echo "graphs: $(PLOTS)"

# make fuzz [FUZZ_SECS=60]: libFuzzer on the results reader, the parameter
# parser and the workload parser, FUZZ_SECS each (make fuzz-reader,
# fuzz-param, fuzz-workload: one).  New inputs land in $(O)/fuzz/corpus*,
# the seeds in tests/fuzz/corpus* stay as they are; make test replays
# those under ASan+UBSan (test_collect_corpus, test_parse_corpus).
FUZZ_SECS ?= 60
$(O)/fuzz/fuzz_reader: tests/fuzz/fuzz_reader.c $(COLL_SRC) bench/core/util.c
	@mkdir -p $(@D)/corpus
	clang -g -O1 -D_GNU_SOURCE -Ibench -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all \
		$(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# The parsers need the whole library, built again with clang for it.
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Ibench \
	-DMMBENCH_VERSION='"$(VERSION)"' -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_OBJ := $(LIB_SRC:bench/%.c=$(O)/fuzz/obj/%.o)
$(O)/fuzz/obj/%.o: bench/%.c | $(O)/.deps
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP $(PKG_CFLAGS) \
		-c -o $@ $<

$(O)/fuzz/fuzz_param $(O)/fuzz/fuzz_workload: $(O)/fuzz/%: tests/fuzz/%.c \
		tests/fuzz/fuzz_parse_one.h $(FUZZ_OBJ)
	@mkdir -p $(@D)/corpus-$(subst fuzz_,,$*)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $< \
		$(FUZZ_OBJ) $(LDLIBS)

.PHONY: fuzz-reader fuzz-param fuzz-workload
fuzz: fuzz-reader fuzz-param fuzz-workload
fuzz-reader: $(O)/fuzz/fuzz_reader
	$< -max_total_time=$(FUZZ_SECS) -max_len=4096 $(O)/fuzz/corpus tests/fuzz/corpus
fuzz-param: $(O)/fuzz/fuzz_param
	$< -max_total_time=$(FUZZ_SECS) -max_len=1024 \
		-dict=tests/fuzz/param.dict $(O)/fuzz/corpus-param tests/fuzz/corpus-param
fuzz-workload: $(O)/fuzz/fuzz_workload
	$< -max_total_time=$(FUZZ_SECS) -max_len=8192 \
		-dict=tests/fuzz/param.dict $(O)/fuzz/corpus-workload tests/fuzz/corpus-workload

overhead: $(O)/mmbench
	$(O)/mmbench overhead

install: $(O)/mmbench
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/mmbench/workloads
	install -m 755 $(O)/mmbench $(DESTDIR)$(PREFIX)/bin/mmbench
	install -m 644 workloads/*.wl $(DESTDIR)$(PREFIX)/share/mmbench/workloads/
	@if ls scripts/*.gp >/dev/null 2>&1; then \
		install -d $(DESTDIR)$(PREFIX)/share/mmbench/gnuplot; \
		install -m 644 scripts/*.gp $(DESTDIR)$(PREFIX)/share/mmbench/gnuplot/; fi

# Kernels with a series (README "Building a kernel with a series"):
# make kernel KSRC=tree BASE=ref SERIES=mbox|dir|msgid [ARCH=x86_64|arm64]
# [CONFIG=file|targets] builds base and base+series into
# $(O)/kernel/ARCH/{base,series}; make kernel-install BUILD=dir [DRY_RUN=1]
# installs one for the next boot only; make test-kernel-build is the slow
# end-to-end test (two kernel builds, then a boot of each if QEMU is here).
.PHONY: kernel kernel-install test-kernel-build
KERNEL_ARCH = $(or $(ARCH),x86_64)
kernel:
	@KSRC='$(KSRC)' BASE='$(BASE)' SERIES='$(SERIES)' ARCH='$(KERNEL_ARCH)' \
	CONFIG='$(CONFIG)' JOBS='$(JOBS)' STOP='$(STOP)' \
	KOUT='$(or $(KOUT),$(O)/kernel/$(KERNEL_ARCH))' kernel/build-kernel.sh

kernel-install:
	@BUILD='$(BUILD)' BOOT='$(BOOT)' DRY_RUN='$(DRY_RUN)' \
	kernel/build-install.sh

test-kernel-build: $(O)/mmbench
	@O=$(O) tests/slow/kernel_build.sh

# Which patch moved which number (README "Sweeping a series"): make
# series-sweep SERIES=.. WORKLOAD=.. [KSRC= BASE= ARCH= DETERMINISTIC=1
# STEP=N BISECT="bench key=val.. metric" FLOOR= KOUT= OUT=] builds every
# prefix of the series on a lean QEMU config and runs the workload on each;
# make test-series-sweep is its slow proof on a synthetic series.
.PHONY: series-sweep test-series-sweep
SWEEP_VARS = $(foreach v,KSRC BASE SERIES WORKLOAD ARCH DETERMINISTIC STEP \
	BISECT FLOOR CONFIG KOUT OUT JOBS CPU MEM TIMEOUT,$(if $($(v)),$(v)='$($(v))'))
series-sweep: $(O)/mmbench $(O)/.qemu-deps
	@env $(SWEEP_VARS) MMBENCH=$(O)/mmbench kernel/series-sweep

test-series-sweep: $(O)/mmbench $(O)/.qemu-deps
	@O=$(O) tests/slow/series_sweep.sh

# make test-soak [KILLS=20] [QUICK=3] [SEED=n]: quick.wl back to back, then
# runs SIGKILLed at random moments; the machine must be as before (README
# "Reliability").  Opt-in: minutes, and it needs the machine to itself.
.PHONY: test-soak
test-soak: $(O)/mmbench
	@O=$(O) KILLS='$(KILLS)' QUICK='$(QUICK)' SEED='$(SEED)' tests/slow/soak.sh

# The slow proof that icount reports a known per-fault cost (two kernel
# builds and two deterministic boots; README "Running under QEMU").
.PHONY: test-fault-cost
test-fault-cost: $(O)/mmbench $(O)/.qemu-deps
	@O=$(O) tests/slow/fault_cost.sh

# Lab fleets (README "Running on a lab"): make fleet INVENTORY=hosts
# [WORKLOAD=..] [LABEL=..] [KERNEL_BUILD=dir] [BOOT=grub|kexec] [HOSTS=..]
# [FORKS=n] [AGAIN=1] [RESULTS=dir] runs make bench on every host of an
# Ansible inventory and fetches the runs home (lab/fleet.sh).
# make test-fleet-remote: the same against a Debian guest under QEMU over
# ssh, and a host that is down (slow, opt-in).
.PHONY: fleet test-fleet-remote
fleet: $(O)/mmbench
	@O=$(O) INVENTORY='$(INVENTORY)' WORKLOAD='$(WORKLOAD)' LABEL='$(LABEL)' \
	KERNEL_BUILD='$(KERNEL_BUILD)' BOOT='$(BOOT)' HOSTS='$(HOSTS)' \
	FORKS='$(FORKS)' AGAIN='$(AGAIN)' RESULTS='$(RESULTS)' lab/fleet.sh

test-fleet-remote: $(O)/mmbench $(O)/.qemu-deps
	@O=$(O) tests/slow/fleet_remote.sh

clean:
	rm -rf $(O)

-include $(LIB_OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(O)/core/main.d $(O)/san/core/main.d
-include $(COLL_SRC:bench/%.c=$(O)/%.d) $(COLL_SRC:bench/%.c=$(O)/san/%.d)
-include $(FUZZ_OBJ:.o=.d)
