#!/usr/bin/env python3
"""The notebooks are the documentation: fail if one shows nothing, hides its figures, or grows too heavy.

Checks every notebook in nbs/ (run from the repository root):
- it has stored outputs, and every exported definition is followed by a cell with a stored output before the next
  exported definition (allowing `--max-bare` definitions per notebook without one, for tiny helpers shown together);
- no cell sets matplotlib's Agg backend (readers would see no figures);
- its stored outputs stay under `--max-kb` KB (and each single output under `--max-cell-kb`), all notebooks under `--max-total-kb`.
"""
import argparse, json, re, sys
from pathlib import Path

AGG = re.compile(r"""matplotlib\.use\(\s*['"]agg['"]""", re.I)

def imports_only(s) -> bool:
    "An export cell that only imports (the module's imports cell) defines nothing to show"
    lines = [l.strip() for l in s.splitlines() if l.strip() and not l.strip().startswith('#')]
    return all(l.startswith(('from ', 'import ')) for l in lines)

def out_bytes(cell) -> int: return len(json.dumps(cell.get('outputs', [])))

def check(path: Path, a) -> list:
    nb = json.loads(path.read_text())
    cells = nb['cells']
    code = [c for c in cells if c['cell_type'] == 'code']
    src = lambda c: ''.join(c['source']) if isinstance(c['source'], list) else c['source']
    errs = []
    if not any(c.get('outputs') for c in code): errs.append('no stored outputs at all')
    errs += [f'cell {c.get("id")} sets the Agg backend' for c in code if AGG.search(src(c))]
    kb = sum(out_bytes(c) for c in code) / 1024
    if kb > a.max_kb: errs.append(f'stored outputs are {kb:.0f} KB (budget {a.max_kb} KB)')
    big = [(c.get('id'), out_bytes(c) / 1024) for c in code if out_bytes(c) / 1024 > a.max_cell_kb]
    errs += [f'cell {i} output is {k:.0f} KB (budget {a.max_cell_kb} KB per cell)' for i, k in big]
    bare, pending = [], None
    for c in code:
        s = src(c)
        if s.lstrip().startswith('#| export') and not imports_only(s):
            if pending is not None: bare.append(pending)
            pending = c.get('id')
        elif c.get('outputs') and pending is not None: pending = None
    if pending is not None: bare.append(pending)
    if len(bare) > a.max_bare: errs.append(f'{len(bare)} exported definitions shown by no output before the next one: {bare}')
    return errs, kb

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--nbs', default='nbs'); p.add_argument('--max-kb', type=float, default=400)
    p.add_argument('--max-cell-kb', type=float, default=150); p.add_argument('--max-total-kb', type=float, default=5000)
    p.add_argument('--max-bare', type=int, default=1)
    a = p.parse_args()
    nbs = sorted(p for p in Path(a.nbs).glob('*.ipynb') if not p.name.startswith('_'))
    total, bad = 0., 0
    for f in nbs:
        errs, kb = check(f, a); total += kb
        for e in errs: print(f'{f}: {e}'); bad += 1
    if total > a.max_total_kb: print(f'{a.nbs}: all stored outputs are {total:.0f} KB (budget {a.max_total_kb} KB)'); bad += 1
    print(f'{len(nbs)} notebooks, {total:.0f} KB of stored outputs, {bad} problem(s)')
    sys.exit(1 if bad else 0)

if __name__ == '__main__': main()
