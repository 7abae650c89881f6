/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Live features (features.c; the header is not "features.h", which is
 * glibc's): what this guest has of each feature of the documented matrix
 * (data/FORMAT.md's feature ids), evaluated from the facts alone
 * (the kernel facts of hv_model, the guest facts of hv_guest, the host's
 * release): no file, no system call, so a snapshot evaluates the same
 * anywhere. The rules are the table at the top of features.c and the
 * FEATURES section of hvcaps(8).
 */
#ifndef HVCAPS_HVFEATURES_H
#define HVCAPS_HVFEATURES_H

#include <stdbool.h>

#include <json-c/json.h>

#include "fjson.h"
#include "guest.h"
#include "model.h"

enum ft_state {
	FT_YES,		/* observed: the facts prove it */
	FT_NO,		/* observed: the facts prove it is not there */
	FT_INFERRED,	/* not observable by a guest: follows from stated facts */
	FT_UNKNOWN,	/* the facts do not tell (or the VM is not set up for it) */
	FT_NA,		/* does not apply to this guest (PAE on a 64-bit kernel) */
	FT_ISOLATED,	/* the isolated (confidential) guest's kernel refuses its offer */
};
/* yes, no, inferred, unknown, n/a, n/a-isolated */
const char *ft_state_name(enum ft_state s);
/* The state of a name (as in --expect files); false if none. */
bool ft_state_parse(const char *s, enum ft_state *out);

/* The host's Windows Server release, for the matrix row's host. */
enum ft_host_source {
	FT_HOST_NONE,		/* unknown */
	FT_HOST_OPTION,		/* --host */
	FT_HOST_BUILD,		/* the host build, from Hyper-V's CPUID leaves */
	FT_HOST_VMBUS,		/* the negotiated VMBus protocol version */
};

/* Hyper-V isolation (a confidential VM), for the kernel's offer filter (isolation.c) */
struct ft_isolation {
	bool known;
	uint32_t type;		/* enum hvcaps_isolation: 0 none, 1 VBS, 2 SNP, 3 TDX */
	struct opt_bool paravisor;
	char *source_text;	/* "--isolation", "the hvcaps module (CPUID 0x4000000C)", ... */
	char *why;		/* why unknown; NULL */
};

struct ft_host {
	struct ft_isolation isolation;	/* ft_isolation_detect(); zero: unknown */
	char *release;		/* a matrix host token: "2019", "2012r2"; NULL: unknown */
	enum ft_host_source source;
	char *source_text;	/* "host build 17763", "VMBus protocol 5.2", "--host" */
	char *remark;		/* how a guess was made, or why unknown; NULL */
};

const char *ft_host_source_id(enum ft_host_source s);	/* none, option, build, vmbus */
/*
 * The host release from override (a valid host token, or NULL), else the
 * host build, else the VMBus version.
 */
void ft_host_detect(const struct hv_host *h, const char *override, struct ft_host *out);
void ft_host_free(struct ft_host *h);
/* The release for a build or a VMBus version (NULL: none); *exact false when guessed. */
const char *ft_build_release(uint32_t build, bool *exact);
const char *ft_vmbus_release(uint32_t version, bool *exact);

struct ft_result {
	const char *id;		/* the feature id */
	enum ft_state state;
	struct strv evidence;	/* the facts it rests on, one line each */
	char *remediation;	/* where not yes: what would change it; NULL */
	/* the data/FORMAT.md check id of the notes the remediation rests on */
	const char *check;
};

/*
 * The features: first the documented matrix's, in its order (matrix.c's
 * mx_known_features; ft_ids[0 .. FT_COUNT-1], what diff compares with the
 * documentation), then FT_EXTRA_COUNT features beyond the matrix (guests
 * Microsoft's tables do not describe: accelerated networking, NVMe disks,
 * confidential VMs...), which `features` shows and --expect files may
 * require, but which no documentation judges.
 */
#define FT_COUNT 29
#define FT_EXTRA_COUNT 6
#define FT_ALL (FT_COUNT + FT_EXTRA_COUNT)
extern const char *const ft_ids[FT_ALL];

/* A feature's rule (feature_rules.c), in ft_ids' order. */
struct ft_rule {
	const char *id;
	const char *rule;	/* the states and when, "else" in order */
	const char *evidence;	/* the facts it looks at */
	const char *remediation;	/* what changes it where it is not yes */
};
extern const struct ft_rule ft_rules[FT_ALL];
/* The index of a feature id in ft_ids, or -1. */
int ft_index(const char *id);
/*
 * A feature's name and category in the newest edition of m having it; for
 * a feature beyond the matrix, hvcaps's own (NULL: none).
 */
struct mx_matrix;
void ft_feature_names(const struct mx_matrix *m, const char *id, const char **name,
		      const char **category);

struct ft_report {
	struct ft_result r[FT_ALL];
};

/* Evaluate every feature; g may have unknown facts, never NULL. */
void ft_evaluate(const struct hv_model *m, const struct hv_guest *g,
		 const struct ft_host *host, struct ft_report *out);
void ft_report_free(struct ft_report *rep);
/* {"id", "state", "evidence": [..], "remediation", "check"} */
json_object *ft_result_json(const struct ft_result *r);
json_object *ft_host_json(const struct ft_host *h);

/*
 * The facts for `features` and `diff`: like facts_load(), except that
 * --root with --source netlink reads the guest facts under the root and
 * the offers from the hvcaps module (a fixture's files with a live bus).
 * 0, or -1 after a message (m and g freeable either way).
 */
struct hv_opts;
int ft_facts_load(const char *cmd, const struct hv_opts *o, struct hv_model *m,
		  struct hv_guest *g);

/*
 * The isolation: override ("none", "vbs", "snp", "tdx", or NULL), else the
 * module's HOST_GET (m->host.hv_isolation), else the guest's own CPUID
 * reading (g->isolation); the paravisor from CPUID. Call after
 * ft_host_detect(), which clears it.
 */
void ft_isolation_detect(const struct hv_model *m, const struct hv_guest *g,
			 const char *override, struct ft_isolation *out);
/* The enum hvcaps_isolation value of an --isolation argument; -1 if none. */
int ft_isolation_parse(const char *s);
/* "none, vbs, snp, tdx" */
const char *ft_isolation_tokens(void);
json_object *ft_isolation_json(const struct ft_isolation *iso);
/* "Isolation     SNP, paravisor present (from CPUID 0x4000000C ...)" */
void ft_print_isolation(const struct ft_isolation *iso);

/*
 * Whether the guest kernel of release rel (NULL: unknown) drops offers of
 * an enum hvcaps_dev_type when isolated: 1 refused, 0 allowed, -1 unknown,
 * with *why (owned) naming the kernel's rule or why it is unknown.
 */
int ft_isolated_kernel_refuses(const char *rel, uint32_t type, char **why);

/* --host's value, lower case; NULL after a usage message if it is no host. */
char *ft_parse_host_option(const char *cmd, const char *s);
/* "Host release  2019 (Windows Server 2019, from the VMBus protocol 5.2)" */
void ft_print_host(const struct ft_host *h);

#endif
