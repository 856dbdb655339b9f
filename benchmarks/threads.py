"""Threads on a shared CPU (issue 22): training the `digits` recipe's model with 1 and 2 torch threads, on an idle machine and
with one busy process beside it, with oneDNN's convolutions on and off (the `cpu` preset's `onednn` setting).

Each configuration trains `--steps` steps of the recipe's learner (`tiny` body, `feat` head, 32-pixel digits, batch 32, seed 42)
in a fresh process and reports its wall time, CPU time and a digest of the final weights. The busy peer is a Python busy loop
started beside the measured process. Ratios (wall time, same run): 2 threads / 1 thread beside a busy process (what the `cpu`
preset's old fixed thread count cost on a shared 2-core machine), 2 threads / 1 thread idle, oneDNN off / on on one thread
(the price of thread-count-independent results); and whether 1 and 2 threads end with the same weights, oneDNN off and on.
Usage: python benchmarks/threads.py [--steps 45] [--quick]   (--quick: 15 steps)
"""
import argparse, json, os, subprocess, sys, time

CHILD = r'''
import sys, time, json, hashlib, torch
threads, onednn, steps = int(sys.argv[1]), sys.argv[2] == '1', int(sys.argv[3])
from fastai.torch_core import set_seed
from pose_nb.recipes import RECIPES, resolve_config
from pose_nb.presets import apply_preset
cfg = resolve_config('digits'); r = RECIPES['digits']
set_seed(cfg['seed'], reproducible=True)
learn = apply_preset(r.learner(r.data(cfg), cfg), 'cpu', threads=threads, onednn=onednn)
learn.create_opt(); learn.opt.set_hyper('lr', cfg['lr'] / 10); m = learn.model.train()
t, c = time.perf_counter(), time.process_time()
for i, (xb, yb) in enumerate(learn.dls.train):
    if i == steps: break
    learn.loss_func(m(xb), yb).backward(); learn.opt.step(); learn.opt.zero_grad()
sd = m.state_dict()
print(json.dumps(dict(wall=time.perf_counter() - t, cpu=time.process_time() - c,
                      digest=hashlib.sha256(b''.join(sd[k].numpy().tobytes() for k in sorted(sd))).hexdigest()[:16])))
'''

def measure(threads: int, onednn: bool, steps: int, busy: bool) -> dict:
    "One configuration in a fresh process, optionally beside a busy peer"
    peer = subprocess.Popen([sys.executable, '-c', 'while True: pass']) if busy else None
    try:
        p = subprocess.run([sys.executable, '-c', CHILD, str(threads), str(int(onednn)), str(steps)], capture_output=True, text=True,
                           env={**os.environ, 'OMP_NUM_THREADS': str(threads)})
    finally:
        if peer is not None: peer.kill(); peer.wait()
    if p.returncode: raise SystemExit(p.stderr[-1000:])
    return json.loads(p.stdout.strip().splitlines()[-1])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=45); ap.add_argument('--quick', action='store_true')
    a = ap.parse_args()
    steps = 15 if a.quick else a.steps
    cfgs = [(t, o, b) for b in (False, True) for o in (False, True) for t in (1, 2)]
    res = {c: measure(*c[:2], steps, c[2]) for c in cfgs}
    print(f"{steps} training steps of the digits recipe; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
    print(f"{'threads':>7s} {'onednn':>7s} {'busy peer':>9s} {'wall s':>7s} {'CPU s':>7s}  weights")
    for (t, o, b), r in res.items(): print(f"{t:7d} {str(o):>7s} {str(b):>9s} {r['wall']:7.2f} {r['cpu']:7.2f}  {r['digest']}")
    same = {o: res[(1, o, False)]['digest'] == res[(2, o, False)]['digest'] == res[(1, o, True)]['digest'] == res[(2, o, True)]['digest']
            for o in (False, True)}
    print(f"same weights on 1 and 2 threads: onednn off {same[False]}, onednn on {same[True]}")
    w = lambda t, o, b: res[(t, o, b)]['wall']
    print(f"RATIO threads_busy_2_vs_1={w(2, False, True) / w(1, False, True):.3f} wall, 2 threads / 1 thread beside one busy process "
          f"(cpu preset, oneDNN off; goal: auto picks 1)")
    print(f"RATIO threads_idle_2_vs_1={w(2, False, False) / w(1, False, False):.3f} wall, 2 threads / 1 thread, no busy peer (oneDNN off)")
    print(f"RATIO onednn_off_vs_on={w(1, False, False) / w(1, True, False):.3f} wall, oneDNN off / on, 1 thread, no busy peer")
    print(f"RATIO same_weights_1_2_threads={float(same[False]):.0f} 1 if 1 and 2 threads end with the same weights, cpu preset (goal 1)")
