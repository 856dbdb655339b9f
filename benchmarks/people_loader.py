"""Issue 14: the file-based `people_block` DataLoader vs a plain torch Dataset + DataLoader doing the same work, same run.

Data: N synthetic COCO-format images (128 x 128 PNG files on disk, 1-4 people, crowds and unannotated people as
polygons/RLE), written with `write_coco` and loaded lazily (`load_coco_keypoints(lazy=True)`: images and ignore masks are
read and rasterised when an item is made).

Work per item, in both pipelines: read and decode the PNG, rasterise the ignore regions (pycocotools), random horizontal
flip (p=0.5, left/right joints swapped), random rotation (+-15 deg) and zoom (1-1.2) each with p=0.75, bilinear image
sampling and nearest mask sampling on the pixel-centre grid (`align_corners=False`), joints pushed outside become
invisible, then heatmaps (18 incl. neck) + PAFs (44) at stride 4 and the loss mask pooled to 32 x 32.

- pose_nb: `people_block(aug=pose_aug_transforms(...)).dataloaders(samples, bs, num_workers)`: per-item getters in the
  workers, augmentation and targets once per batch (fastai's `after_batch`, in the main process).
- plain torch: a `Dataset` whose `__getitem__` does everything for one item (augmentation with `affine_grid`/`grid_sample`,
  targets with the same codec maths), and torch's `DataLoader` with the same workers.

Timing: one epoch (N items) each, alternated, REPEATS times; the ratio per repeat is throughput(pose_nb) / throughput(torch)
= t_torch / t_pose_nb; the median is reported (the machine is shared). Goal >= 0.8.
Run: python benchmarks/people_loader.py [num_workers ...] [--quick]   (default: 0 and 2; --quick: 64 images, 3 repeats)
"""
import sys, time, math, tempfile, statistics, warnings
from pathlib import Path
import numpy as np, torch, torch.nn.functional as F
from PIL import Image
from pose_nb.core import COCO17
from pose_nb.codecs import norm_kps, denorm_kps
from pose_nb.multiperson import MultiPersonCodec, pool_ignore
from pose_nb.people import synthetic_people
from pose_nb.coco import write_coco, load_coco_keypoints
from pose_nb.data import people_block, pose_aug_transforms

torch.set_num_threads(1)
QUICK = '--quick' in sys.argv[1:]
N, SIZE, BS, MAX_PEOPLE, REPEATS = (64 if QUICK else 128), 128, 16, 8, (3 if QUICK else 5)
FLIP = torch.tensor(COCO17.flip_idx)

def make_samples(folder):
    ann = write_coco(synthetic_people(N, SIZE, max_people=4, seed=0), folder)
    return load_coco_keypoints(ann, Path(folder) / 'images', lazy=True)

class PlainPeople(torch.utils.data.Dataset):
    "Everything for one item, by hand: read, rasterise, augment, encode"
    def __init__(self, samples, codec): self.samples, self.codec = samples, codec
    def __len__(self): return len(self.samples)
    def _affine(self):
        "Random flip / rotation / zoom as a 2x3 matrix mapping output to input normalised coordinates (fastai's convention)"
        flip = -1. if torch.rand(()) < 0.5 else 1.
        a = math.radians(float(torch.empty(()).uniform_(-15, 15))) if torch.rand(()) < 0.75 else 0.
        z = float(torch.empty(()).uniform_(1., 1.2)) if torch.rand(()) < 0.75 else 1.
        c, s = math.cos(a) / z, math.sin(a) / z
        return torch.tensor([[c * flip, -s, 0.], [s * flip, c, 0.]]), flip < 0
    def __getitem__(self, i):
        s = self.samples[i]
        with Image.open(s.fname) as im: im = im.convert('RGB')
        if im.size != (SIZE, SIZE): im = im.resize((SIZE, SIZE), Image.BILINEAR)
        img = torch.from_numpy(np.array(im)).permute(2, 0, 1).float() / 255
        ign = torch.from_numpy(pool_ignore(s.ignore, SIZE)).float()
        k = torch.from_numpy(s.kps)
        kps = torch.where(k[..., 2:] > 0, k[..., :2], torch.tensor(float('nan')))
        kps = norm_kps(kps, (s.hw[1], s.hw[0]))                               # normalised: the resize leaves them unchanged
        m, flipped = self._affine()
        grid = F.affine_grid(m[None], (1, 3, SIZE, SIZE), align_corners=False)
        img = F.grid_sample(img[None], grid, mode='bilinear', padding_mode='zeros', align_corners=False)[0]
        ign = F.grid_sample(ign[None, None], grid, mode='nearest', align_corners=False)[0, 0]
        A = torch.cat([m, torch.tensor([[0., 0., 1.]])])                      # points move by the inverse of the sampling map
        kps = (torch.cat([kps, torch.ones(*kps.shape[:-1], 1)], -1) @ torch.linalg.inv(A).T)[..., :2]
        if flipped: kps = kps[:, FLIP]
        kps[(kps.abs() > 1).any(-1)] = float('nan')                           # pushed out of the image: invisible
        maps = self.codec.encode(denorm_kps(kps, (SIZE, SIZE)))
        weights = 1 - pool_ignore(ign, self.codec.hm_size).float()
        return img, maps, weights

def epoch_pose_nb(samples, workers):
    dls = people_block(COCO17, size=SIZE, max_people=MAX_PEOPLE, splitter=lambda o: (list(range(len(o))), []),
                       aug=pose_aug_transforms(max_rotate=15., max_zoom=1.2, max_warp=0., max_lighting=0.))
    dl = dls.dataloaders(samples, bs=BS, num_workers=workers).train
    n = 0
    for xb, maps, wts in dl: n += len(xb)
    return n, maps.shape

def epoch_torch(samples, workers, codec):
    dl = torch.utils.data.DataLoader(PlainPeople(samples, codec), batch_size=BS, shuffle=True, drop_last=True, num_workers=workers)
    n = 0
    for xb, maps, wts in dl: n += len(xb)
    return n, maps.shape

def timed(f, *args):
    t = time.perf_counter(); n, shape = f(*args); return time.perf_counter() - t, n, shape

if __name__ == '__main__':
    warnings.filterwarnings('ignore')
    workers_list = [int(a) for a in sys.argv[1:] if a != '--quick'] or [0, 2]
    codec = MultiPersonCodec(COCO17, SIZE, stride=4)
    with tempfile.TemporaryDirectory() as tmp:
        samples = make_samples(tmp)
        for workers in workers_list:
            timed(epoch_pose_nb, samples, workers); timed(epoch_torch, samples, workers, codec)          # warm-up
            ratios, tp, tt = [], [], []
            for r in range(REPEATS):
                a, na, sa = timed(epoch_pose_nb, samples, workers)
                b, nb, sb = timed(epoch_torch, samples, workers, codec)
                assert na == nb and sa == sb, (na, nb, sa, sb)
                ratios.append(b / a); tp.append(na / a); tt.append(nb / b)
            print(f"num_workers={workers}: pose_nb {statistics.median(tp):.0f} items/s, plain torch {statistics.median(tt):.0f} items/s; "
                  f"ratio per repeat {[round(x, 2) for x in ratios]}, median {statistics.median(ratios):.2f}x (goal >= 0.8x)")
            print(f"RATIO people_loader_workers{workers}={statistics.median(ratios):.2f} people_block DataLoader throughput / plain torch "
                  f"Dataset + DataLoader, num_workers={workers}, median (goal >= 0.8)")
