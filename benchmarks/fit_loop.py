"""Issue 14 benchmarks: the training loop, each a ratio against a peer measured in the same run.

1. `Learner.fit` training-step throughput vs a plain PyTorch loop (forward, loss, backward, optimizer step, zero_grad) for the
   same model, the same pre-built batches in memory and the same optimizer maths. Goal: >= 0.9x. The batches are a list of
   tensors, so the ratio is the cost of fastai's loop and callbacks, not of data loading. Two fastai optimizers are measured:
   torch's Adam through fastai's `OptimWrapper` (the plain loop's maths) and fastai's own `Adam` (the default `opt_func`).
2. bf16 autocast on CPU (`pose_nb.presets.DeviceMixedPrecision`, the `cpu_bf16` preset) vs fp32 for the same Learner: whether
   `cpu_bf16` pays on this CPU (it needs bf16 matrix units: AMX or AVX512-BF16).
3. With CUDA: mixed precision and channels-last (the `gpu` preset) vs fp32 (`gpu_fp32`) on a ResNet-18 body, steps/s and peak
   GPU memory.

Timing covers the training phase only (a callback from `before_train` to `after_train`; the plain loop likewise), after one
warm-up epoch; the contestants are interleaved and the median of the repeats is reported.

Run: OMP_NUM_THREADS=1 python benchmarks/fit_loop.py [--reps 5] [--steps 20] [--quick]   (--quick: 3 repeats of 10 steps)
"""
import argparse, copy, time, statistics, functools
import torch
from fastai.callback.core import Callback
from fastai.data.core import DataLoaders
from fastai.learner import Learner
from fastai.optimizer import OptimWrapper, Adam
from pose_nb.models import create_pose_model
from pose_nb.losses import KeypointLoss
from pose_nb.presets import apply_preset, resolve_preset

p = argparse.ArgumentParser()
p.add_argument('--reps', type=int, default=5); p.add_argument('--steps', type=int, default=20)
p.add_argument('--bs', type=int, default=64); p.add_argument('--threads', type=int, default=1)
p.add_argument('--quick', action='store_true')
args = p.parse_args()
if args.quick: args.reps, args.steps = 3, 10
torch.set_num_threads(args.threads)

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize(dev)

class TrainTimer(Callback):
    "Seconds of the training phase of the last epoch"
    order = 100
    def _sync(self): sync(next(self.learn.model.parameters()).device)
    def before_train(self): self._sync(); self.t = time.perf_counter()
    def after_train(self): self._sync(); self.secs = time.perf_counter() - self.t

def batches(n, bs, size, n_in, dev, seed=0):
    g = torch.Generator().manual_seed(seed)
    return [(torch.rand(bs, n_in, size, size, generator=g).to(dev), (torch.rand(bs, 1, 2, generator=g) * 2 - 1).to(dev)) for _ in range(n)]

def fastai_learner(model, train, valid, opt_func, dev, preset=None):
    dls = DataLoaders(train, valid, device=dev)
    learn = Learner(dls, model, loss_func=KeypointLoss('mse'), opt_func=opt_func, cbs=TrainTimer())
    if preset: apply_preset(learn, preset, threads=torch.get_num_threads())
    return learn

def fastai_epoch(learn, lr=1e-3):
    with learn.no_bar(), learn.no_logging(): learn.fit(1, lr)
    return learn.train_timer.secs

def plain_epoch(model, opt, train, loss_func=KeypointLoss('mse')):
    dev = next(model.parameters()).device
    sync(dev); t = time.perf_counter()
    model.train()
    for xb, yb in train:
        loss = loss_func(model(xb), yb)
        loss.backward(); opt.step(); opt.zero_grad()
    sync(dev); return time.perf_counter() - t

def race(contestants:dict, reps:int)->dict:
    "Seconds per epoch of each contestant: one warm-up each, then `reps` interleaved rounds; medians"
    for f in contestants.values(): f()
    ts = {k: [] for k in contestants}
    for r in range(reps):
        for k in (list(contestants) if r % 2 == 0 else list(contestants)[::-1]): ts[k].append(contestants[k]())
    return {k: statistics.median(v) for k, v in ts.items()}

cpu = torch.device('cpu')
# 1. Learner.fit vs a plain loop, same model (same initial weights), batches and optimizer maths; a compute-heavy case and a
#    small one in which the per-step cost of the loop itself shows
for name, (bs, size, steps) in zip(('heavy', 'small'), [(args.bs, 32, args.steps), (8, 16, args.steps * 2)]):
    torch.manual_seed(0)
    base = create_pose_model(1, 2, 'tiny', 'feat', n_in=1)
    train, valid = batches(steps, bs, size, 1, cpu), batches(1, bs, size, 1, cpu, seed=1)
    m_plain, m_wrap, m_fast = (copy.deepcopy(base) for _ in range(3))
    opt = torch.optim.Adam(m_plain.parameters(), lr=1e-3)
    l_wrap = fastai_learner(m_wrap, train, valid, functools.partial(OptimWrapper, opt=torch.optim.Adam), cpu)
    l_fast = fastai_learner(m_fast, train, valid, Adam, cpu)
    t = race({'plain': lambda: plain_epoch(m_plain, opt, train), 'fit_torch_adam': lambda: fastai_epoch(l_wrap),
              'fit_fastai_adam': lambda: fastai_epoch(l_fast)}, args.reps)
    sps = {k: steps / v for k, v in t.items()}
    print(f"1. training steps/s, tiny body + feat head, batch {bs}x1x{size}x{size}, {steps} steps, {torch.get_num_threads()} thread(s), "
          f"median of {args.reps}:")
    print(f"   plain PyTorch loop (torch Adam)     {sps['plain']:7.1f}")
    r_wrap, r_fast = sps['fit_torch_adam'] / sps['plain'], sps['fit_fastai_adam'] / sps['plain']
    print(f"   Learner.fit, torch Adam (wrapped)   {sps['fit_torch_adam']:7.1f}   ratio {r_wrap:.3f}x (goal >= 0.9x)")
    print(f"   Learner.fit, fastai Adam (default)  {sps['fit_fastai_adam']:7.1f}   ratio {r_fast:.3f}x", flush=True)
    print(f"   Learner.fit's own cost per step: {(t['fit_torch_adam'] - t['plain']) / steps * 1e3:+.2f} ms "
          f"(of {t['plain'] / steps * 1e3:.1f} ms for the plain step)", flush=True)
    print(f"RATIO fit_{name}_torch_adam={r_wrap:.3f} Learner.fit steps/s / plain PyTorch loop, torch Adam, {name} case (goal >= 0.9)")
    print(f"RATIO fit_{name}_fastai_adam={r_fast:.3f} Learner.fit steps/s with fastai's Adam / plain PyTorch loop, {name} case", flush=True)

# 2. bf16 autocast on CPU vs fp32, same Learner setup (few steps: bf16 can be very slow without bf16 hardware)
torch.manual_seed(0)
base = create_pose_model(1, 2, 'tiny', 'feat', n_in=1)
train, valid = batches(args.steps, args.bs, 32, 1, cpu), batches(1, args.bs, 32, 1, cpu, seed=1)
n2 = max(4, args.steps // 4)
tr2 = train[:n2]
l32 = fastai_learner(copy.deepcopy(base), tr2, valid, Adam, cpu, 'cpu')
l16 = fastai_learner(copy.deepcopy(base), tr2, valid, Adam, cpu, 'cpu_bf16')
t2 = race({'fp32': lambda: fastai_epoch(l32), 'bf16': lambda: fastai_epoch(l16)}, max(3, args.reps // 2))
print(f"2. CPU bf16 autocast vs fp32 (Learner.fit, {n2} steps): fp32 {n2 / t2['fp32']:.1f} steps/s, bf16 {n2 / t2['bf16']:.1f} steps/s, "
      f"bf16 speed-up {t2['fp32'] / t2['bf16']:.2f}x  [{resolve_preset('cpu')['hardware']}]")
print(f"RATIO cpu_bf16={t2['fp32'] / t2['bf16']:.2f} Learner.fit steps/s, CPU bf16 autocast / fp32")

# 3. GPU: mixed precision + channels-last vs fp32 on a ResNet-18 body; steps/s and peak memory
if torch.cuda.is_available():
    gpu = torch.device('cuda')
    torch.manual_seed(0)
    gbase = create_pose_model(17, 2, 'resnet18', 'feat', n_in=3)
    gtrain, gvalid = batches(args.steps, 64, 256, 3, gpu), batches(1, 64, 256, 3, gpu, seed=1)
    res = {}
    for name in ('gpu_fp32', 'gpu'):
        learn = fastai_learner(copy.deepcopy(gbase).to(gpu), gtrain, gvalid, Adam, gpu, name)
        fastai_epoch(learn)                                    # warm-up (cuDNN autotuning, allocator)
        torch.cuda.reset_peak_memory_stats()
        secs = statistics.median(fastai_epoch(learn) for _ in range(max(3, args.reps // 2)))
        res[name] = (args.steps / secs, torch.cuda.max_memory_allocated() / 2**20, learn.preset)
    (f32, m32, _), (amp, mamp, pre) = res['gpu_fp32'], res['gpu']
    print(f"3. GPU {torch.cuda.get_device_name()}, ResNet-18 body, batch 64x3x256x256: fp32 {f32:.1f} steps/s, peak {m32:.0f} MiB; "
          f"{pre['precision']} + channels_last {amp:.1f} steps/s, peak {mamp:.0f} MiB; speed-up {amp / f32:.2f}x, memory {mamp / m32:.2f}x")
    print(f"RATIO gpu_amp_speed={amp / f32:.2f} ResNet-18 steps/s, mixed precision + channels-last / fp32 (GPU)")
    print(f"RATIO gpu_amp_memory={mamp / m32:.2f} ResNet-18 peak GPU memory, mixed precision + channels-last / fp32")
else: print("3. GPU: no CUDA device here; skipped")
