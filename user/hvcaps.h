/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands of the hvcaps CLI: each lives in its own file of cmd/
 * and is listed in the dispatch table of hvcaps.c. What they share is in
 * cli.h; a command never calls another.
 */
#ifndef HVCAPS_H
#define HVCAPS_H

#include <stdio.h>

#include "cli.h"
#include "load.h"

int cmd_list(int argc, char **argv, struct hv_opts *o);
void usage_list(FILE *f);
int cmd_show(int argc, char **argv, struct hv_opts *o);
void usage_show(FILE *f);
int cmd_snapshot(int argc, char **argv, struct hv_opts *o);
void usage_snapshot(FILE *f);

int cmd_expected(int argc, char **argv, struct hv_opts *o);
void usage_expected(FILE *f);
int cmd_matrix(int argc, char **argv, struct hv_opts *o);
void usage_matrix(FILE *f);
int cmd_monitor(int argc, char **argv, struct hv_opts *o);
void usage_monitor(FILE *f);
int cmd_features(int argc, char **argv, struct hv_opts *o);
void usage_features(FILE *f);
int cmd_diff(int argc, char **argv, struct hv_opts *o);
void usage_diff(FILE *f);
int cmd_explain(int argc, char **argv, struct hv_opts *o);
void usage_explain(FILE *f);
int cmd_metrics(int argc, char **argv, struct hv_opts *o);
void usage_metrics(FILE *f);

#endif
