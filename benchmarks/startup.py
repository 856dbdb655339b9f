"""Start-up cost of a user's first commands (issue 22): `pose_nb_train --help`, `--list`, `--dry-run`, `pose_nb_predict --help`,
`pose_nb_export --help`, each in a fresh interpreter, against importing torch and fastai in a fresh interpreter (the peers: what
those commands cost when they imported them at start-up).

Each command runs as its console script runs it (the entry points of settings.ini: `pose_nb.cli:pose_nb_train`,
`pose_nb.cli:predict_main`, `pose_nb.cli:export_main`), `--repeats` times, interleaved with the peers; the report gives the median
wall time and CPU time (user + system, of the child process) of each. Goal: every command well under one `import torch`
(the commands import neither torch nor fastai; `nbs/26_cli.ipynb` tests that), and under 2 s wall on 2 cores.
Usage: python benchmarks/startup.py [--repeats 5] [--quick]   (--quick: 2 repeats)
"""
import argparse, os, resource, statistics, subprocess, sys, time

CMDS = {'pose_nb_train --help': ('pose_nb.cli', 'pose_nb_train', ['--help']),
        'pose_nb_train --list': ('pose_nb.cli', 'pose_nb_train', ['--list']),
        'pose_nb_train people --dry-run --preset gpu --bs 32': ('pose_nb.cli', 'pose_nb_train', 'people --dry-run --preset gpu --bs 32'.split()),
        'pose_nb_predict --help': ('pose_nb.cli', 'predict_main', ['--help']),
        'pose_nb_export --help': ('pose_nb.cli', 'export_main', ['--help'])}
PEERS = {'python -c pass': 'pass', 'import torch': 'import torch', 'import fastai.vision.all': 'import fastai.vision.all'}

def timed(code: str, *argv) -> tuple:
    "(wall s, CPU s) of `python -c code argv...` in a fresh interpreter; its output is discarded"
    r0, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    p = subprocess.run([sys.executable, '-c', code, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall, r1 = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode: raise SystemExit(f"{code} {' '.join(argv)}: exit status {p.returncode}: {p.stderr[-500:]}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

def command(mod: str, fn: str) -> str:
    return f"import sys\nfrom {mod} import {fn}\ntry: {fn}(sys.argv[1:])\nexcept SystemExit as e: sys.exit(e.code)"

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=5); ap.add_argument('--quick', action='store_true')
    a = ap.parse_args()
    n = 2 if a.quick else a.repeats
    runs = {k: [] for k in [*PEERS, *CMDS]}
    for _ in range(n):                                       # interleaved: a load change hits every row alike
        for k, code in PEERS.items(): runs[k].append(timed(code))
        for k, (mod, fn, argv) in CMDS.items(): runs[k].append(timed(command(mod, fn), *argv))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    print(f"median of {n} fresh interpreters each; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'command':55s} {'wall s':>7s} {'CPU s':>7s}")
    for k, (w, c) in med.items(): print(f"{k:55s} {w:7.2f} {c:7.2f}")
    torch_cpu = med['import torch'][1]
    for k in CMDS:
        name = k.replace('pose_nb_', '').split(' --')[0].split()[0] + '_' + k.split('--')[1].split()[0].replace('-', '_')
        print(f"RATIO startup_{name}={med[k][1] / torch_cpu:.3f} CPU time of `{k}` / `import torch`, fresh interpreters (goal < 0.5)")
