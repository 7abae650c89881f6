// SPDX-License-Identifier: GPL-2.0
/*
 * Guests to the matrix's distributions and releases: the os-release IDs
 * Microsoft's pages document, the rebuilds that follow RHEL release for
 * release (Rocky Linux, AlmaLinux), SUSE's VERSION_ID, and Oracle Linux's
 * kernel flavours (RHCK or UEK, told by the running kernel's release).
 */
#include "matrix.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "util.h"

/*
 * The os-release IDs of the rebuilds, and the distribution whose columns
 * document them. Rocky and Alma state release-for-release compatibility
 * with RHEL; nothing else is assumed.
 */
static const struct {
	const char *id, *of;
} rebuilds[] = {
	{ "rocky", "rhel" },
	{ "almalinux", "rhel" },
};

const char *mx_os_rebuild_of(const char *id)
{
	for (size_t i = 0; id && i < ARRAY_SIZE(rebuilds); i++)
		if (!strcmp(rebuilds[i].id, id))
			return rebuilds[i].of;
	return NULL;
}

void mx_os_normalize(struct mx_query *q)
{
	/* SLES's VERSION_ID is "15" for 15 GA and "15.5" for 15 SP5: no minor is SP0 */
	if (q->distro && (!strcmp(q->distro, "sles") || !strcmp(q->distro, "sles_sap")) &&
	    q->minor < 0)
		q->minor = 0;
	if (q->distro && !strcmp(q->distro, "sles_sap"))
		q->distro = "sles";
}

const char *mx_kernel_from_release(const char *distro, const char *release)
{
	if (release && strstr(release, "uek"))
		return "uek";
	if (distro && !strcmp(distro, "ol"))
		return release ? "rhck" : NULL;
	return NULL;
}

bool mx_kernel_option_valid(const char *k)
{
	return !strcmp(k, "rhck") || !strcmp(k, "uek") || mx_kernel_valid(k);
}

/*
 * How the column was chosen, for the header: "; kernel uek5; the rhel
 * column (rocky is a rebuild of it); extrapolated: newer than every
 * documented release". Empty when there is nothing to say.
 */
const char *mx_result_how(const struct mx_result *res, char *buf, size_t len)
{
	int n = 0;

	buf[0] = '\0';
	if (res->col && res->col->kernel)
		n += snprintf(buf + n, len - (size_t)n, "; kernel %s", res->col->kernel);
	if (res->rebuild_of && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "; the %s column (%s is a rebuild of it)",
			      res->distro, res->rebuild_of);
	if (res->extrapolated && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n,
			 "; extrapolated: newer than every documented release");
	return buf;
}

/* the same for JSON: "column_choice": {distro, kernel, rebuild_of, extrapolated} */
void mx_result_json_add(const struct mx_result *res, struct json_object *o)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "distro", res->distro ? json_object_new_string(res->distro) : NULL);
	json_object_object_add(c, "kernel", res->col && res->col->kernel ?
				json_object_new_string(res->col->kernel) : NULL);
	json_object_object_add(c, "rebuild_of", res->rebuild_of ?
				json_object_new_string(res->rebuild_of) : NULL);
	json_object_object_add(c, "extrapolated", json_object_new_boolean(res->extrapolated));
	json_object_object_add(o, "column_choice", c);
}
