#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every cell of the shipped matrix, through `hvcaps expected`.

A reading of data/*.matrix and data/*.notes independent of the C loader:
for every edition, column and host (each host of the edition, plus 2012r2,
2022 and 2025 for the hosts it lacks: not listed, extrapolated, or, for a
host no row of the series lists, not documented: exit 3), run
`hvcaps expected --json --edition E` and compare every feature with the
data: cell, absent, notes, hosts of the row part, host_match, expected, and
the paraphrase of every note cited. Then check that every release of every
column selects that column. The columns come from `hvcaps expected --list
--json`, which must list exactly the columns of the data. Prints one TAP-style result per check group as
"ok|not ok DESCRIPTION" lines, with "# " diagnostics.

usage: matrix_cells.py HVCAPS DATA_DIR
"""
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

OPEN = 10**6


def parse_releases(s):
    out = []
    for item in s.split(','):
        major, minor = item.split('.', 1)
        major = int(major)
        if minor == 'x':
            out.append((major, 0, OPEN))
            continue
        plus = minor.endswith('+')
        minor = minor.rstrip('+')
        if '-' in minor:
            lo, hi = minor.split('-', 1)
            lo = int(lo)
            hi = int(hi.split('.', 1)[1])
        else:
            lo = hi = int(minor)
        out.append((major, lo, OPEN if plus else hi))
    return out


def load(data_dir):
    eds = {}
    for path in sorted(glob.glob(os.path.join(data_dir, '*.matrix')) +
                       glob.glob(os.path.join(data_dir, '*.notes'))):
        ed = series = None
        for line in open(path, encoding='utf-8'):
            f = line.split()
            if not f or f[0].startswith('#') or f[0] == 'hvcaps-matrix':
                continue
            if f[0] == 'edition':
                ed = eds.setdefault(f[1], {'features': [], 'notes': {}, 'series': []})
            elif f[0] == 'feature':
                ed['features'].append(f[1])
            elif f[0] == 'note':
                n = ed['notes'].setdefault(int(f[1]), {'status': None, 'says': None, 'checks': []})
                if f[2] == 'says':
                    n['says'] = line.split(None, 3)[3].strip()
                elif f[2] == 'check':
                    rest = line.split(None, 4)
                    n['checks'].append({'id': f[3], 'text': rest[4].strip()})
                else:
                    n['status'] = f[2]
            elif f[0] == 'series':
                series = {'label': f[1], 'distros': f[2].split(','), 'cols': [], 'rows': []}
                ed['series'].append(series)
            elif f[0] == 'column':
                kernel = f[3][len('kernel='):] if len(f) > 3 else None
                series['cols'].append({'label': f[1], 'avail': f[2], 'kernel': kernel,
                                       'ranges': parse_releases(f[1])})
            elif f[0] == 'row':
                cells = []
                for c in f[3:]:
                    v, _, notes = c.partition(':')
                    cells.append((v, [int(x) for x in notes.split(',')] if notes else []))
                series['rows'].append({'id': f[1],
                                       'hosts': [] if f[2] == '-' else f[2].split(','),
                                       'cells': cells})
    return eds


def rank(h):
    if len(h) >= 4 and h[:2] == '20' and h[:4].isdigit() and h[4:] in ('', 'r2'):
        return int(h[:4]) * 2 + (h[4:] == 'r2')
    return -1


def expect(series, ci, fid, host):
    parts = [r for r in series['rows'] if r['id'] == fid]
    listed = [r for r in parts if host in r['hosts']]
    allh = [(rank(h), r) for r in parts for h in r['hosts'] if rank(h) >= 0]
    if listed:
        part, hm = listed[0], 'listed'
    elif allh and rank(host) > max(x[0] for x in allh):
        part, hm = max(allh, key=lambda x: x[0])[1], 'extrapolated'
    elif not any(r['hosts'] for r in parts):
        part, hm = parts[0], 'none-listed'
    else:
        part, hm = parts[0], 'not-listed'
    v, notes = part['cells'][ci]
    return {
        'cell': 'no' if v == 'absent' else v,
        'cell_absent': v == 'absent',
        'notes': notes,
        'hosts': part['hosts'],
        'host_match': hm,
        'expected': v == 'yes' and hm in ('listed', 'extrapolated'),
    }


def series_documents(series, host):
    """a row of the series lists the host, or it is newer than all they list"""
    hs = [h for r in series['rows'] for h in r['hosts']]
    ranks = [rank(h) for h in hs if rank(h) >= 0]
    return host in hs or (rank(host) >= 0 and ranks and rank(host) > max(ranks))


def releases_of(col):
    for major, lo, hi in col['ranges']:
        if hi == OPEN:
            for m in range(lo, lo + 4):
                yield '%d.%d' % (major, m)
            if lo == 0:
                yield '%d' % major
        else:
            for m in range(lo, hi + 1):
                yield '%d.%d' % (major, m)


def run(hvcaps, args):
    p = subprocess.run([hvcaps, 'expected', '--json'] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    hvcaps, data_dir = sys.argv[1], sys.argv[2]
    eds = load(data_dir)
    jobs = []
    p = subprocess.run([hvcaps, 'expected', '--list', '--json'], capture_output=True, text=True)
    listed = [(c['distro'], c['edition'], c['series'], c['column'], c['availability'], c['kernel'])
              for c in json.loads(p.stdout)['columns']] if p.returncode == 0 else []
    data = [(d, date, s['label'], c['label'], c['avail'], c['kernel'])
            for date, ed in sorted(eds.items()) for s in ed['series'] for d in s['distros']
            for c in s['cols']]
    if sorted(listed) != sorted(data):
        print('not ok hvcaps expected --list --json lists the columns of the data')
        print('# exit %d; only listed: %s; only in the data: %s' % (
            p.returncode, sorted(set(listed) - set(data))[:5], sorted(set(data) - set(listed))[:5]))
        return 1
    print('ok hvcaps expected --list --json lists the %d columns of the data' % len(listed))
    for date, ed in sorted(eds.items()):
        hosts = sorted({h for s in ed['series'] for r in s['rows'] for h in r['hosts']} |
                       {'2012r2', '2022', '2025'})
        for s in ed['series']:
            for ci, col in enumerate(s['cols']):
                if (s['distros'][0], date, s['label'], col['label'], col['avail'],
                        col['kernel']) not in listed:
                    continue
                lis = 'builtin' if col['avail'] in ('builtin', 'unspecified') else col['avail']
                rel = next(releases_of(col))
                for host in hosts:
                    jobs.append(('cells', date, s, ci, host, lis, rel))
                for r in releases_of(col):
                    jobs.append(('release', date, s, ci,
                                 next(h for h in hosts if series_documents(s, h)), lis, r))

    def do(job):
        kind, date, s, ci, host, lis, rel = job
        col = s['cols'][ci]
        args = ['--edition', date, '--os', '%s-%s' % (s['distros'][0], rel), '--lis', lis,
                '--host', host] + (['--kernel', col['kernel']] if col['kernel'] else [])
        rc, out, err = run(hvcaps, args)
        what = 'hvcaps expected --json ' + ' '.join(args)
        if not series_documents(s, host):
            # no row of the column lists the host: not documented, exit 3
            if rc != 3 or 'is not documented: no row of series %s ' % s['label'] not in err:
                return kind, date, ['%s: exit %d, stderr %r; expected exit 3, not documented' % (
                    what, rc, err[:300])], 0
            return kind, date, [], 0
        if rc != 0 or err:
            return kind, date, ['%s: exit %d, stderr %r' % (what, rc, err[:300])], 0
        j = json.loads(out)
        bad = []
        if (j['series'], j['column'], j['availability']) != (s['label'], col['label'], col['avail']):
            bad.append('%s: column %s/%s/%s, expected %s/%s/%s' % (
                what, j['series'], j['column'], j['availability'], s['label'], col['label'],
                col['avail']))
        if kind == 'release':
            return kind, date, bad, 1
        ids = [f for f in eds[date]['features'] if any(r['id'] == f for r in s['rows'])]
        if [f['id'] for f in j['features']] != ids:
            bad.append('%s: features %s, expected %s' % (what, [f['id'] for f in j['features']], ids))
        n = 0
        for f in j['features']:
            e = expect(s, ci, f['id'], host)
            got = {k: f[k] for k in e}
            n += 1
            if got != e:
                bad.append('%s: %s is %s, the data says %s' % (what, f['id'], got, e))
        for note in j['notes']:
            d = eds[date]['notes'].get(note['number'], {})
            if (note['status'], note['says'], note['checks']) != (
                    d.get('status'), d.get('says'), d.get('checks', [])):
                bad.append('%s: note %d differs from the data' % (what, note['number']))
        return kind, date, bad, n

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as ex:
        for kind, date, bad, n in ex.map(do, jobs):
            r = results.setdefault((kind, date), [0, 0, []])
            r[0] += 1
            r[1] += n
            r[2].extend(bad)
    status = 0
    for (kind, date), (runs, n, bad) in sorted(results.items()):
        if kind == 'cells':
            desc = 'edition %s: %d cells, hosts and notes through %d runs of hvcaps expected' % (
                date, n, runs)
        else:
            desc = 'edition %s: each of %d releases selects its column' % (date, runs)
        if bad:
            status = 1
            print('not ok %s' % desc)
            for b in bad[:20]:
                print('# ' + b)
            if len(bad) > 20:
                print('# ... and %d more' % (len(bad) - 20))
        else:
            print('ok %s' % desc)
    return status


if __name__ == '__main__':
    sys.exit(main())
