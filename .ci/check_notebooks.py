#!/usr/bin/env python3
"""The notebooks are the documentation: fail if one shows nothing, hides its figures, or grows too heavy.

Checks every notebook in nbs/ (run from the repository root). Every notebook with code cells:
- has stored outputs, and none of them is an error (a traceback stored as the proof);
- sets no Agg backend (`matplotlib.use('Agg')`, `plt.switch_backend('agg')`, `MPLBACKEND`): readers would see no figures;
- keeps each single output under `--max-cell-kb` KB, and all notebooks together under `--max-total-kb`.
Modules (a `#| default_exp` cell): every exported definition is followed by a cell with a stored output before the next one
(allowing `--max-bare` definitions per notebook without one, for tiny helpers shown together); outputs under `--max-kb` KB.
Tutorials and guides (`5N_*`, and `index.ipynb`): the last code cell has a stored output (they end with what they computed);
outputs under `--max-tutorial-kb` KB (they carry the figures and tables).
`#| slow` cells that display something (a last expression, a print, a figure) have a stored output: run the notebook with
`.ci/store_outputs.py --flags slow` to store their tables (slow cells that only assert show nothing and need none).
Markdown numbers with three or more decimals (or `≈ 0.99`) are listed as notes, not failures: each should be a stored output's.
`#| cuda` cells without output are notes (no GPU on the machines that store outputs).
"""
import argparse, ast, json, re, sys
from pathlib import Path

SLOW = re.compile(r'#\|\s*slow\b')
CUDA = re.compile(r'^#\|\s*cuda\b', re.M)
AGG = re.compile(r"""(matplotlib|mpl|plt)\.(use|switch_backend)\(\s*['"]agg['"]|MPLBACKEND['"]?\]?\s*=\s*['"]agg""", re.I)
NUM = re.compile(r'(?<![\w.`/-])\d+\.\d{3,}(?![\w.`])|≈\s*\d+\.\d+')

def imports_only(s) -> bool:
    "An export cell that only imports (the module's imports cell) defines nothing to show"
    lines = [l.strip() for l in s.splitlines() if l.strip() and not l.strip().startswith('#')]
    return all(l.startswith(('from ', 'import ')) for l in lines)

def out_bytes(cell) -> int: return len(json.dumps(cell.get('outputs', [])))

def src(c) -> str: return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def is_tutorial(path: Path) -> bool: return bool(re.match(r'5\d_', path.name)) or path.name == 'index.ipynb'

def shows(s) -> bool:
    "Would running this cell display something: a last bare expression (not silenced by `;`), a print or a figure?"
    code = '\n'.join(l for l in s.splitlines() if not l.lstrip().startswith(('%', '!')))
    if re.search(r'\bprint\(|\bplt\.|\bplot_\w*\(|\.show\(\)|display\(', code): return True
    try: body = ast.parse(code).body
    except SyntaxError: return True
    if not body or not isinstance(body[-1], ast.Expr) or code.rstrip().endswith(';'): return False
    v = body[-1].value                                              # `test_eq(...)` and friends return None: nothing shown
    return not (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id.startswith('test_'))

def notes(path: Path) -> list:
    "Numbers typed into markdown that look like results"
    cells = json.loads(path.read_text())['cells']
    return [f'{path}: markdown number {m[0]!r} in "...{src(c)[max(0, m.start() - 40):m.end() + 10]}..."'.replace('\n', ' ')
            for c in cells if c['cell_type'] == 'markdown' for m in NUM.finditer(src(c))] + \
           [f'{path}: cuda cell {c.get("id")} has no stored output (run it where a GPU is lent to store it)'
            for c in cells if c['cell_type'] == 'code' and CUDA.search(src(c)) and not c.get('outputs')]

def check(path: Path, a) -> list:
    nb = json.loads(path.read_text())
    cells = nb['cells']
    code = [c for c in cells if c['cell_type'] == 'code']
    module = any(re.match(r'#\|\s*default_exp\b', src(c).lstrip()) for c in code)
    errs = []
    if code and not any(c.get('outputs') for c in code): errs.append('no stored outputs at all')
    errs += [f'cell {c.get("id")} stores an error ({o.get("ename")}: {str(o.get("evalue"))[:80]})'
             for c in code for o in c.get('outputs', []) if o.get('output_type') == 'error']
    errs += [f'cell {c.get("id")} sets the Agg backend' for c in code if AGG.search(src(c))]
    kb = sum(out_bytes(c) for c in code) / 1024
    budget = a.max_tutorial_kb if is_tutorial(path) else a.max_kb
    if kb > budget: errs.append(f'stored outputs are {kb:.0f} KB (budget {budget} KB)')
    errs += [f'slow cell {c.get("id")} displays something but has no stored output (run `.ci/store_outputs.py --flags slow {path}`)'
             for c in code if SLOW.match(src(c).lstrip()) and not c.get('outputs') and shows(src(c))]
    last = code[-1] if code else None
    if is_tutorial(path) and last and any(c.get('outputs') for c in code) and not last.get('outputs'):
        errs.append(f'the last code cell ({last.get("id")}) has no stored output: a tutorial ends with what it computed')
    big = [(c.get('id'), out_bytes(c) / 1024) for c in code if out_bytes(c) / 1024 > a.max_cell_kb]
    errs += [f'cell {i} output is {k:.0f} KB (budget {a.max_cell_kb} KB per cell)' for i, k in big]
    if not module: return errs, kb
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
    p.add_argument('--max-tutorial-kb', type=float, default=800); p.add_argument('--max-bare', type=int, default=1)
    a = p.parse_args()
    nbs = sorted(p for p in Path(a.nbs).glob('*.ipynb') if not p.name.startswith('_'))
    total, bad = 0., 0
    for f in nbs:
        errs, kb = check(f, a); total += kb
        for e in errs: print(f'{f}: {e}'); bad += 1
    ns = [n for f in nbs for n in notes(f)]
    for n in ns: print(f'note: {n}')
    if total > a.max_total_kb: print(f'{a.nbs}: all stored outputs are {total:.0f} KB (budget {a.max_total_kb} KB)'); bad += 1
    print(f'{len(nbs)} notebooks, {total:.0f} KB of stored outputs, {bad} problem(s), {len(ns)} note(s)')
    sys.exit(1 if bad else 0)

if __name__ == '__main__': main()
