"""Issue 14 benchmark: data-parallel training on CPU, 2 processes (gloo, `pose_nb.distributed.ddp`) vs 1 process.

The digits keypoint task (tiny body + feat head, 32x32 images) trains for a few epochs under `torchrun`; a callback in rank 0
times the training phase of every epoch after the first, and the global throughput is (items per rank) x (world size) / time.
Every configuration trains with the same global batch (64 items per optimizer step), which is what data parallelism replaces:

- 1 process x 1 thread (batch 64): one core;
- 1 process x 2 threads (batch 64): the same cores as two processes, used by intra-op threads instead;
- 2 processes x 1 thread (batch 32 each, gradients averaged by DDP).

Configurations are interleaved, repeated, and the medians reported. Start-up time (imports, process group) is not counted.
With two or more GPUs it also compares 1 vs 2 GPU processes (nccl, `gpu` preset) and prints their peak memory.

Run: python benchmarks/ddp_cpu.py [--reps 3] [--epochs 3] [--quick]   (--quick: 1 repeat of 2 epochs)
"""
import argparse, json, statistics, tempfile
from pathlib import Path
import torch
from pose_nb.distributed import launch

SCRIPT = '''
import sys, json, time, torch
from fastai.callback.core import Callback
from fastai.callback.progress import ProgressCallback
from fastai.torch_core import set_seed, find_bs
from pose_nb.presets import is_main, world_size, apply_preset
from pose_nb.datasets import digits_dls
from pose_nb.learner import hpe_learner
from pose_nb.distributed import init_distrib, ddp
epochs, bs, preset, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
init_distrib()

class Timer(Callback):
    "Seconds and items of each epoch's training phase, in this rank"
    order = 100
    def before_fit(self): self.secs, self.items = [], []
    def _sync(self):
        if torch.cuda.is_available(): torch.cuda.synchronize()
    def before_train(self): self._sync(); self.n, self.t = 0, time.perf_counter()
    def after_batch(self):
        if self.training: self.n += find_bs(self.yb)
    def after_train(self): self._sync(); self.secs.append(time.perf_counter() - self.t); self.items.append(self.n)

set_seed(42)
learn = hpe_learner(digits_dls('center', bs=bs), arch='tiny', head='feat', cbs=Timer())
learn.remove_cb(ProgressCallback)
apply_preset(learn, preset)
with ddp(learn), learn.no_logging(): learn.fit(epochs, 1e-2)
mem = torch.cuda.max_memory_allocated() / 2**20 if torch.cuda.is_available() else None
if is_main():
    open(out, 'w').write(json.dumps(dict(world_size=world_size(), threads=torch.get_num_threads(), secs=learn.timer.secs[1:],
                                         items=[n * world_size() for n in learn.timer.items[1:]], peak_mib=mem)))
'''

p = argparse.ArgumentParser()
p.add_argument('--reps', type=int, default=3); p.add_argument('--epochs', type=int, default=3); p.add_argument('--quick', action='store_true')
args = p.parse_args()
if args.quick: args.reps, args.epochs = 1, 2

def run(tmp, nproc, threads, bs, preset='cpu'):
    "Global training items/s of one launch (epochs after the first), and its record"
    out = Path(tmp)/'res.json'
    launch('bench.py', args.epochs, bs, preset, out, nproc=nproc, cwd=tmp, env=dict(OMP_NUM_THREADS=str(threads)))
    r = json.loads(out.read_text())
    assert r['world_size'] == nproc and (preset != 'cpu' or r['threads'] == threads), r
    return sum(r['items']) / sum(r['secs']), r

def compare(configs:dict, reps:int)->dict:
    res = {k: [] for k in configs}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp)/'bench.py').write_text(SCRIPT)
        for i in range(reps):
            for k in (list(configs) if i % 2 == 0 else list(configs)[::-1]):
                res[k].append(run(tmp, *configs[k]))
                print(f"   rep {i}: {k:22s} {res[k][-1][0]:7.1f} items/s", flush=True)
    return {k: (statistics.median(x for x, _ in v), v[-1][1]) for k, v in res.items()}

print(f"DDP on CPU ({torch.get_num_threads()} CPUs visible), digits 32x32, tiny+feat, global batch 64, {args.epochs} epochs "
      f"(first not timed), {args.reps} interleaved repeats:", flush=True)
c = compare({'1 proc x 1 thread': (1, 1, 64), '1 proc x 2 threads': (1, 2, 64), '2 procs x 1 thread': (2, 1, 32)}, args.reps)
one, two_t, two_p = (c[k][0] for k in ('1 proc x 1 thread', '1 proc x 2 threads', '2 procs x 1 thread'))
print(f"medians (items/s): 1x1 {one:.1f}, 1x2 {two_t:.1f}, 2x1 {two_p:.1f}")
print(f"2 processes vs 1 process on the same 2 cores (2x1 / 1x2): {two_p / two_t:.2f}x")
print(f"2 processes vs 1 process with one core each (2x1 / 1x1): {two_p / one:.2f}x (ideal 2x)")
print(f"RATIO ddp_2procs_vs_2threads={two_p / two_t:.2f} DDP on CPU items/s: 2 processes x 1 thread / 1 process x 2 threads")
print(f"RATIO ddp_2procs_vs_1proc={two_p / one:.2f} DDP on CPU items/s: 2 processes x 1 thread / 1 process x 1 thread (ideal 2)")

if torch.cuda.device_count() >= 2:
    g = compare({'1 GPU': (1, 1, 64, 'gpu'), '2 GPUs': (2, 1, 32, 'gpu')}, args.reps)
    (g1, r1), (g2, r2) = g['1 GPU'], g['2 GPUs']
    print(f"GPUs (nccl, gpu preset): 1 GPU {g1:.1f} items/s (peak {r1['peak_mib']:.0f} MiB), "
          f"2 GPUs {g2:.1f} items/s (peak {r2['peak_mib']:.0f} MiB per process): {g2 / g1:.2f}x")
    print(f"RATIO ddp_2gpus_vs_1gpu={g2 / g1:.2f} DDP items/s: 2 GPU processes / 1 GPU process (ideal 2)")
