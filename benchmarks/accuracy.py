"""Issue 21: does each workflow's trained model reach a stated accuracy? One converged run per workflow, seeds where it matters.

Each workflow is a private module `benchmarks/_acc_<workflow>.py` (run_all.py skips `_*.py`; this script runs them) with

    TITLE = 'one line: what is trained on what, and how it is scored'
    def measure(quick: bool) -> list[dict]

`measure` trains and scores; each returned row is one measured quantity:

    dict(metric='r2',                     # short name
         values=[0.9981, 0.9984, 0.9979],  # one value per seed (one value: a single converged run)
         seeds=[0, 1, 2],
         goal=('>=', 0.998),               # or None for a number shown without a target
         unit='',                          # 'px', 'mm', '' ...
         what='r2 of the top-left corner on 359 held-out digits')  # what was measured, on which data

Paired comparisons (e.g. FiLM with vs without the action) are rows of their own: `values` holds the per-seed differences.
Each workflow runs in its own process (`python benchmarks/accuracy.py --child NAME [--quick]`, one JSON line on stdout) so that
one's threads, seeds and memory never touch another's; its wall time is reported. Every child runs on one thread
(`OMP_NUM_THREADS=1`, which the presets obey), so a run repeats exactly whatever else the machine is doing. The table goes to the block between
`<!-- accuracy -->` and `<!-- /accuracy -->` of `benchmarks/RESULTS.md` (run_all.py keeps that block), and every row is printed
as `ACC workflow.metric=mean ± sd (goal) met|MISSED`. Exit status 1 if a goal is missed or a workflow fails.

Run: python benchmarks/accuracy.py [--quick] [--only digits people ...] [--out benchmarks/RESULTS.md]
Targets are for 2 CPU cores, each workflow in about 15 minutes or less (--quick: a smoke run, goals not expected to be met).
"""
import argparse, datetime, importlib, json, os, platform, re, subprocess, sys, time
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent
BEGIN, END = '<!-- accuracy -->', '<!-- /accuracy -->'

def workflows(only=None) -> list:
    "Names of the `_acc_*.py` modules here, optionally only those in `only`"
    ws = sorted(p.stem[len('_acc_'):] for p in HERE.glob('_acc_*.py'))
    return [w for w in ws if not only or w in only]

def met(values, goal) -> bool:
    "Whether the mean of `values` meets `goal` = (op, value) (None: nothing to meet)"
    if goal is None: return True
    op, g = goal; m = float(np.mean(values))
    return {'>=': m >= g, '<=': m <= g, '>': m > g, '<': m < g}[op]

def summary(values) -> tuple:
    "`(mean, sd, min, max)` of per-seed values (sd with n-1; 0 for one value)"
    v = np.asarray(values, float)
    return float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0., float(v.min()), float(v.max())

def child(name: str, quick: bool):
    "Run one workflow in this process and print its rows as one JSON line"
    sys.path.insert(0, str(HERE))
    m = importlib.import_module(f'_acc_{name}')
    t = time.time(); rows = m.measure(quick)
    print('ACC_JSON ' + json.dumps(dict(name=name, title=m.TITLE, rows=rows, seconds=time.time() - t)), flush=True)

def run(name: str, quick: bool, timeout: float) -> dict:
    "One workflow in its own process: its rows, or why there are none"
    cmd = [sys.executable, __file__, '--child', name] + (['--quick'] if quick else [])
    # one thread, always: the recipes' 'auto' preset otherwise takes the CPUs idle at the start, and 1 and 2 threads train to
    # different weights (sums in another order), so the same seed gave runs ~1-3 mm apart (FiLM, issue 21)
    env = {**os.environ, 'PYTHONWARNINGS': 'ignore', 'MPLBACKEND': 'Agg', 'OMP_NUM_THREADS': '1'}
    t = time.time()
    try: r = subprocess.run(cmd, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=timeout); out, rc = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired: out, rc = '', 'timeout'
    js = [l[len('ACC_JSON '):] for l in out.splitlines() if l.startswith('ACC_JSON ')]
    if rc == 0 and js: return {**json.loads(js[-1]), 'rc': 0, 'wall': time.time() - t}
    return dict(name=name, title='', rows=[], rc=rc, wall=time.time() - t, tail=out.strip().splitlines()[-5:])

def fmt(x: float) -> str: return f'{x:.4g}'

def row_text(r: dict) -> str:
    m, sd, lo, hi = summary(r['values'])
    g = '' if r.get('goal') is None else f"{r['goal'][0]} {fmt(r['goal'][1])}"
    return m, sd, lo, hi, g

def markdown(res: list, quick: bool, only=None) -> str:
    import torch
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    how = (f"`python benchmarks/accuracy.py{' --quick' if quick else ''}`" if not only else
           f"`python benchmarks/accuracy.py{' --quick' if quick else ''} --only NAME`, a run per workflow (the latest, "
           f"{', '.join(only)}, on {now}; the minutes include other jobs sharing the CPUs)")
    L = [BEGIN, '## Accuracy (issue 21)', '',
         f"Produced by {how if only else how + ' on ' + now}, {os.cpu_count()} CPUs visible, "
         f"torch {torch.__version__}{', CUDA' if torch.cuda.is_available() else ', no GPU'}. Mean ± sd over the seeds listed "
         f"(min … max in brackets); each workflow trained and scored in its own process.", '',
         '| workflow | metric | mean ± sd [min … max] | seeds | goal | met | what | minutes |', '|---|---|---|---|---|---|---|---|']
    for w in res:
        if not w['rows']:
            L.append(f"| {w['name']} | - | - | - | - | FAILED | {' / '.join(w.get('tail', []))[-200:].replace('|', '/')} | {w['wall'] / 60:.1f} |")
        for r in w['rows']:
            m, sd, lo, hi, g = row_text(r); u = f" {r['unit']}" if r.get('unit') else ''
            ok = 'yes' if met(r['values'], r.get('goal')) else '**no**'
            L.append(f"| {w['name']} | `{r['metric']}` | {fmt(m)} ± {fmt(sd)}{u} [{fmt(lo)} … {fmt(hi)}] | "
                     f"{','.join(map(str, r['seeds']))} | {g} | {ok if r.get('goal') else '-'} | {r['what'].replace('|', '/')} | {w['wall'] / 60:.1f} |")
    return '\n'.join(L + ['', END]) + '\n'

def merged(old: str, new: str) -> str:
    "Block `new` (some workflows' rows) with the rows of `old` (the block before) kept: each workflow's rows where they were"
    rows = lambda t: [l for l in t.splitlines() if l.startswith('| ') and not l.startswith(('| workflow', '|---'))]
    wf = lambda l: l.split('|')[1].strip()
    fresh, out = rows(new), []
    for l in rows(old):
        if wf(l) not in {wf(f) for f in fresh}: out.append(l)
        elif not any(wf(o) == wf(l) for o in out): out += [f for f in fresh if wf(f) == wf(l)]   # first old row of a re-run one
    out += [f for f in fresh if f not in out]                                               # workflows new to the table
    lines = new.splitlines(); head = lines[:next(i for i, l in enumerate(lines) if l.startswith('|---')) + 1]
    return '\n'.join(head + out + ['', END]) + '\n'

def write_block(out: Path, block: str):
    "Put `block` between the accuracy markers of `out` (appended if there are none), leaving the rest as it is"
    txt = out.read_text() if out.exists() else '# Benchmark results\n'
    pat = re.compile(re.escape(BEGIN) + '.*?' + re.escape(END) + r'\n?', re.S)
    out.write_text(pat.sub(lambda _: block, txt) if pat.search(txt) else txt.rstrip('\n') + '\n\n' + block)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--quick', action='store_true', help='smoke run: small data and budgets (goals not expected to be met)')
    ap.add_argument('--only', nargs='*', help='workflow names (the NAME of benchmarks/_acc_NAME.py)')
    ap.add_argument('--timeout', type=float, default=3600, help='seconds per workflow')
    ap.add_argument('--out', default=str(HERE/'RESULTS.md'))
    ap.add_argument('--child', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return child(a.child, a.quick)
    res, ok = [], True
    for w in workflows(a.only):
        print(f"== {w}", flush=True)
        r = run(w, a.quick, a.timeout); res.append(r)
        if not r['rows']: ok = False; print('   FAILED: ' + '\n   '.join(r.get('tail', [])), flush=True)
        for row in r['rows']:
            m, sd, lo, hi, g = row_text(row); good = met(row['values'], row.get('goal')); ok &= good
            print(f"ACC {w}.{row['metric']}={fmt(m)} ± {fmt(sd)} ({g or 'no goal'}) {'met' if good else 'MISSED'}"
                  f"  [{row['what']}; seeds {row['seeds']}]", flush=True)
        print(f"   {r['wall'] / 60:.1f} min", flush=True)
    if a.only and Path(a.out).exists() and BEGIN in Path(a.out).read_text():   # keep the other workflows' rows, in their places
        write_block(Path(a.out), merged(Path(a.out).read_text().split(BEGIN)[1].split(END)[0], markdown(res, a.quick, a.only)))
    else: write_block(Path(a.out), markdown(res, a.quick))
    print(f"wrote {a.out}")
    sys.exit(0 if ok else 1)

if __name__ == '__main__': main()
