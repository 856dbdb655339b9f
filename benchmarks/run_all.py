"""Run every benchmark in this folder and write the table of their ratios to `benchmarks/RESULTS.md`.

Every `benchmarks/*.py` except this one, `accuracy.py` (accuracies, not ratios; its table block is kept), `real_fhad.py`
(it needs a user's FHAD folder), `hand_detector.py` (an accuracy experiment) and names starting with `_` is run in turn with this Python, from the repository
root, each in its own process. A benchmark reports by printing lines

    RATIO name=value what is compared (goal ...)

(the ratio of pose_nb against a peer measured in the same run); every such line becomes a row of the table, with the date
and the machine. A script that accepts `--quick` (its source mentions it) gets it in quick mode. A script that fails, times
out or prints no RATIO line gets a row saying so, and this command then exits 1.

Run: python benchmarks/run_all.py [--quick] [--only NAME ...] [--timeout 1800] [--out benchmarks/RESULTS.md]
"""
import argparse, datetime, os, platform, re, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATIO = re.compile(r'^RATIO\s+([\w.-]+)=([-+0-9.eE]+|nan|inf)\s*(.*)$')

def scripts(only=None) -> list:
    "The benchmark scripts to run: every `*.py` here but this one and private `_*.py`, optionally only those named"
    skip = (Path(__file__).name, 'accuracy.py',      # accuracy.py trains models and reports accuracies, not ratios: run it alone
            'real_fhad.py',                            # measures on a user's FHAD folder: it needs ROOT
            'hand_detector.py')                        # an accuracy experiment (issue 21), ~35 min: run it alone
    fs = sorted(p for p in HERE.glob('*.py') if p.name not in skip and not p.name.startswith('_'))
    return [p for p in fs if not only or p.stem in only]

def parse(out: str) -> list:
    "`(name, value, what)` for every RATIO line of a script's output"
    return [(m[1], float(m[2]), m[3].strip()) for l in out.splitlines() if (m := RATIO.match(l.strip()))]

def run(p: Path, quick: bool, timeout: float) -> dict:
    "Run one script; its RATIO rows, seconds, exit status and the tail of its output"
    cmd = [sys.executable, str(p)] + (['--quick'] if quick and '--quick' in p.read_text() else [])
    env = {**os.environ, 'PYTHONWARNINGS': 'ignore', 'MPLBACKEND': 'Agg'}
    t = time.time()
    try:
        r = subprocess.run(cmd, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=timeout)
        out, rc = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode() if isinstance(e.stdout, bytes) else (e.stdout or ''), 'timeout'
    return dict(script=p.name, cmd=' '.join(['python', f'benchmarks/{p.name}'] + cmd[2:]), rows=parse(out), rc=rc,
                seconds=time.time() - t, tail=out.strip().splitlines()[-3:])

def machine() -> str:
    import torch
    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU'
    cpu = platform.processor() or platform.machine()
    return (f"{platform.platform()}, {cpu}, {os.cpu_count()} CPUs visible, Python {platform.python_version()}, "
            f"torch {torch.__version__}, {gpu}")

def fmt(v: float) -> str: return f'{v:.3g}' if abs(v) < 100 else f'{v:.0f}'

def markdown(res: list, quick: bool) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    lines = [f"# Benchmark results", "",
             f"Produced by `python benchmarks/run_all.py{' --quick' if quick else ''}` on {now}.", "",
             f"Machine: {machine()}.", "",
             "Each ratio compares pose_nb with a peer measured in the same run of the same script (see each script's docstring).",
             "", "| benchmark | ratio | value | what is compared | date |", "|---|---|---|---|---|"]
    day = now[:10]
    for r in res:
        for name, v, what in r['rows']: lines.append(f"| `{r['script']}` | `{name}` | {fmt(v)} | {what.replace('|', '/')} | {day} |")
        if r['rc'] != 0 or not r['rows']:
            why = 'timed out' if r['rc'] == 'timeout' else f"exit status {r['rc']}" if r['rc'] != 0 else 'no RATIO line'
            lines.append(f"| `{r['script']}` | - | - | failed: {why}: {' / '.join(r['tail'])[-200:].replace('|', '/')} | {day} |")
    lines += ["", "| script | command | seconds |", "|---|---|---|"]
    lines += [f"| `{r['script']}` | `{r['cmd']}` | {r['seconds']:.0f} |" for r in res]
    return '\n'.join(lines) + '\n'

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--quick', action='store_true', help='pass --quick to the scripts that take it (fewer repeats, smaller data)')
    ap.add_argument('--only', nargs='*', help='script names (without .py) to run')
    ap.add_argument('--timeout', type=float, default=1800, help='seconds per script')
    ap.add_argument('--out', default=str(HERE/'RESULTS.md'))
    a = ap.parse_args()
    res = []
    for p in scripts(a.only):
        print(f"== {p.name}", flush=True)
        r = run(p, a.quick, a.timeout); res.append(r)
        for name, v, what in r['rows']: print(f"   {name} = {fmt(v)}  ({what})", flush=True)
        if r['rc'] != 0 or not r['rows']: print(f"   FAILED ({r['rc']}): " + '\n   '.join(r['tail']), flush=True)
    old = Path(a.out).read_text() if Path(a.out).exists() else ''
    acc = re.search(r'<!-- accuracy -->.*?<!-- /accuracy -->\n?', old, re.S)     # accuracy.py's table stays as it is
    Path(a.out).write_text(markdown(res, a.quick) + ('\n' + acc[0] if acc else ''))
    print(f"wrote {a.out}")
    sys.exit(0 if all(r['rc'] == 0 and r['rows'] for r in res) else 1)

if __name__ == '__main__': main()
