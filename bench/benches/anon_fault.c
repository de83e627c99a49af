// SPDX-License-Identifier: GPL-2.0
/*
 * anon-fault: fault in private anonymous memory with one folio size
 * enabled, and prove from the per-size mTHP counters (or vmstat on
 * kernels without them) that the kernel mapped that size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <json-c/json.h>

#include "core/harness.h"
#include "core/session.h"
#include "mm/membw.h"
#include "mm/mem.h"
#include "mm/mem_verify.h"
#include "core/result.h"
#include "observe/stats.h"
#include "mm/thp.h"
#include "core/util.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum { P_SIZE, P_MODE, P_POLICY, P_MEM, P_ZERO };
enum { M_WRITE, M_READ, M_POPULATE };
enum { POL_ALWAYS, POL_MADVISE };

static const char *const modes[] = { "write", "read", "populate", NULL };
static const char *const policies[] = { "always", "madvise", NULL };
/* Index = value, so v[P_ZERO].num reads as the knob. */
static const char *const onoff[] = { "0", "1", NULL };

static const struct param params[] = {
	{ .name = "size", .type = PT_SIZE, .def = "all", .thp_sizes = true,
	  .help = "folio size: 4K (all large off), an mTHP size, pmd, or all offered" },
	{ .name = "mode", .type = PT_ENUM, .def = "write", .choices = modes,
	  .help = "write: first-touch stores; read: loads (zero page); populate: MADV_POPULATE_WRITE" },
	{ .name = "policy", .type = PT_ENUM, .def = "always",
	  .choices = policies,
	  .help = "size's enabled knob; madvise also applies MADV_HUGEPAGE" },
	{ .name = "mem", .type = PT_BYTES, .def = "1G", .min = 4096,
	  .help = "region size, PMD-aligned; at most MemAvailable" },
	{ .name = "use_zero_page", .type = PT_ENUM, .def = "1",
	  .choices = onoff,
	  .help = "mode=read at PMD size: map the huge zero folio (1) or allocate (0)" },
	{ 0 }
};

struct af {
	struct region rg;
	double clear_gbps;
};

static int af_supported(const struct point *pt, char *why, size_t len)
{
	uint64_t size = pt->v[P_SIZE].num, mem = pt->v[P_MEM].num;
	uint64_t pmd = thp_pmd_size();
	int ret;

	ret = mem_check_size(size, why, len);
	if (!ret)
		ret = mem_check_region(mem, size, why, len);
	if (ret)
		return ret;
	if (pt->v[P_MODE].num == M_READ && size > PAGE_4K && size != pmd) {
		snprintf(why, len, "read faults map the 4K zero page below the PMD size, no mTHP is allocated: use size=4K or the PMD size");
		return -EOPNOTSUPP;
	}
	if (pt->v[P_MODE].num == M_POPULATE && !mem_have_populate()) {
		snprintf(why, len, "kernel lacks MADV_POPULATE_WRITE (5.14+)");
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * The clearing limit of a region size, measured once per run and size
 * and kept in meta.json's "clear_limit" (which is also the cache).
 */
static double clear_limit(uint64_t mem)
{
	struct json_object *all = harness_meta_array("clear_limit"), *e, *v;
	double gbps;
	size_t i;

	for (i = 0; all && i < json_object_array_length(all); i++) {
		e = json_object_array_get_idx(all, i);
		if (json_object_object_get_ex(e, "mem_bytes", &v) &&
		    (uint64_t)json_object_get_int64(v) == mem &&
		    json_object_object_get_ex(e, "gbps", &v))
			return json_object_get_double(v);
	}
	gbps = clear_limit_measure(mem);
	if (gbps <= 0 || !all)
		return gbps;
	e = json_object_new_object();
	json_object_object_add(e, "mem_bytes", json_object_new_int64(mem));
	json_object_object_add(e, "gbps", json_object_new_double(gbps));
	json_object_object_add(e, "method", json_object_new_string(
		"memset over populated 4K-mapped memory, best of 5"));
	json_object_array_add(all, e);
	return gbps;
}

static int af_setup(struct ctx *c)
{
	const struct point *pt = c->pt;
	struct af *af;
	int ret;

	af = calloc(1, sizeof(*af));
	if (!af)
		return -ENOMEM;
	c->priv = af;
	ret = mem_enable_only(pt->v[P_SIZE].num, policies[pt->v[P_POLICY].num]);
	if (!ret && pt->v[P_MODE].num == M_READ)
		ret = session_knob_set("use_zero_page", pt->v[P_ZERO].text);
	if (ret)
		return ret;
	if (pt->v[P_MODE].num != M_READ)
		af->clear_gbps = clear_limit(pt->v[P_MEM].num);
	return 0;
}

static int af_rep_setup(struct ctx *c)
{
	struct af *af = c->priv;

	int ret = mem_map(&af->rg, c->pt->v[P_MEM].num,
			  c->pt->v[P_POLICY].num == POL_MADVISE);

	c->mem_base = af->rg.base;
	c->mem_len = af->rg.len;
	return ret;
}

static int af_run(struct ctx *c)
{
	struct af *af = c->priv;
	char *p = af->rg.base, *end = p + af->rg.len;
	unsigned long sum = 0;

	switch (c->pt->v[P_MODE].num) {
	case M_WRITE:
		for (; p < end; p += PAGE_4K)
			*(volatile char *)p = 1;
		break;
	case M_READ:
		for (; p < end; p += PAGE_4K)
			sum += *(volatile char *)p;
		break;
	case M_POPULATE:
		if (madvise(p, af->rg.len, MADV_POPULATE_WRITE))
			return -errno;
		break;
	}
	return sum ? -EIO : 0;	/* fresh anonymous memory reads as zero */
}

static int af_verify(struct ctx *c)
{
	const struct point *pt = c->pt;
	struct af *af = c->priv;
	uint64_t size = pt->v[P_SIZE].num, mem = pt->v[P_MEM].num;
	/* The counters are global: with tasks=N they saw N regions. */
	uint64_t all = mem * c->ntasks;
	bool read = pt->v[P_MODE].num == M_READ;
	double gbps = (double)mem / c->ns;
	uint64_t faults;

	if (read && size == PAGE_4K)
		mem_verify_zero(c, all, PAGE_4K);
	else if (read && pt->v[P_ZERO].num == 0)
		mem_verify_folios(c, all, size);	/* allocates instead */
	else if (read)
		mem_verify_zero(c, all, size);
	else
		mem_verify_folios(c, all, size);
	faults = c->minflt > 0 ? (uint64_t)c->minflt : 1;
	sample_metric(c, "throughput", "GB/s", HIGHER, MEAN_HARMONIC, gbps);
	sample_metric(c, "ns_per_fault", "ns", LOWER, MEAN_ARITH,
		      (double)c->ns / faults);
	sample_metric(c, "ns_per_4k", "ns", LOWER, MEAN_ARITH,
		      (double)c->ns / (mem / PAGE_4K));
	sample_metric(c, "faults", "count", LOWER, MEAN_ARITH, c->minflt);
	if (af->clear_gbps > 0)
		sample_metric(c, "clear_fraction", "ratio", HIGHER,
			      MEAN_HARMONIC, gbps / af->clear_gbps);
	return 0;
}

static void af_rep_teardown(struct ctx *c)
{
	struct af *af = c->priv;

	mem_unmap(&af->rg);
}

static void af_teardown(struct ctx *c)
{
	free(c->priv);
	c->priv = NULL;
}

/* x86's user page-fault tracepoint; other arches record it unsupported. */
static const char *const events[] = { "exceptions:page_fault_user", NULL };

const struct bench bench_anon_fault = {
	.name = "anon-fault",
	.summary = "fault in private anonymous memory at one folio size",
	.params = params,
	.default_events = events,
	.supported = af_supported,
	.setup = af_setup,
	.rep_setup = af_rep_setup,
	.run = af_run,
	.verify = af_verify,
	.rep_teardown = af_rep_teardown,
	.teardown = af_teardown,
};
