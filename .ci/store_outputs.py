#!/usr/bin/env python3
"Execute notebooks in place, storing their outputs (as nbdev_test_nbs runs them): .ci/store_outputs.py [--flags slow] nbs/NB.ipynb...  (run from anywhere; cells with flags not given, e.g. slow or cuda, are not run and keep the outputs they had)"
import sys, os, re, time, argparse
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
import fastprogress.fastprogress as _fp

ap = argparse.ArgumentParser(); ap.add_argument('--flags', default=''); ap.add_argument('nbs', nargs='+')
a = ap.parse_args(); run_flags = set(a.flags.split())
ALL = {'slow', 'cuda'}
def flags_of(src):
    fs = set()
    for l in src.splitlines():
        m = re.match(r'\s*#\|\s*(\w+)\s*$', l)
        if m: fs.add(m.group(1))
        elif l.strip() and not l.strip().startswith('#|'): break
    return fs
_fp.NO_BAR = True        # no text progress bars in stored outputs (a reader's JupyterLab draws its own while it runs)

def _as_terminal(text:str)->str:
    "What a terminal leaves of `text`: within each line, only what follows its last carriage return (a trailing one erases its line)"
    ls = text.split('\n')
    return '\n'.join(re.sub(r'^.*\r', '', l if i == len(ls) - 1 else l.rstrip('\r')) for i, l in enumerate(ls))

class Shell(CaptureShell):
    "execnb drops everything a cell printed when the cell ends with `;` (Jupyter only hides its value): keep the print, hide the value"
    def run(self, code, *args, **kwargs):
        semi = code.rstrip().endswith(';')
        res = super().run(code.rstrip() + '\n# (kept)' if semi else code, *args, **kwargs)
        if semi: res[:] = [o for o in res if o['output_type'] != 'execute_result']
        for o in res:
            if o['output_type'] == 'stream': o['text'] = _as_terminal(''.join(o['text'])).splitlines(True)   # (the text holds no \r now)
        res[:] = [o for o in res if o['output_type'] != 'stream' or ''.join(o['text']).strip()]
        return res

ok = True
for p in map(Path, a.nbs):
    p = p.resolve(); nb = read_nb(p); t = time.time()
    def skip(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export(' in cell.source: return True
        fs = flags_of(cell.source)
        if 'eval:' in cell.source.split('\n')[0]: return True
        if (fs & ALL) - run_flags: return True
        cell.outputs = []; return False       # a cell that now shows nothing keeps no stale output
    k = Shell(p, mpl_format='png')     # 1x figures: the repository stays light (execnb's default is retina, 4x the pixels)
    try:
        with working_directory(p.parent): k.run_all(nb, exc_stop=True, preproc=skip)
        write_nb(nb, p); print(f'{p.name}: ok {time.time() - t:.0f}s', flush=True)
    except Exception:
        ok = False; sys.stderr.write(k.prettytb(fname=p) + '\n'); print(f'{p.name}: FAILED {time.time() - t:.0f}s', flush=True)
sys.exit(0 if ok else 1)
