"Make data/coco_mini: a six-image COCO keypoints fixture drawn by `pose_nb.people.synthetic_people` (run from anywhere)"
from pathlib import Path
import json, shutil
from pose_nb.people import synthetic_people
from pose_nb.coco import write_coco, load_coco_keypoints

N, SIZE = 6, (96, 128)  # six 128 x 96 images (H != W, so width/height mix-ups show)

def wanted(samples):
    "At least one crowd, one unannotated person, one occluded and one off-image joint among the samples"
    segs = [g for s in samples for g in s.ignore_segs]
    v = [x for s in samples for x in s.kps[..., 2].ravel()]
    return any(g['iscrowd'] for g in segs) and any(not g['iscrowd'] for g in segs) and 1 in v and 0 in v

def main(out=Path(__file__).resolve().parent / 'coco_mini'):
    seed = next(s for s in range(1000) if wanted(synthetic_people(N, SIZE, max_people=4, p_unannotated=0.3, p_crowd=0.3, seed=s)))
    samples = synthetic_people(N, SIZE, max_people=4, p_unannotated=0.3, p_crowd=0.3, seed=seed)
    if out.exists(): shutil.rmtree(out)
    ann = write_coco(samples, out, split='train')
    back = load_coco_keypoints(ann, out / 'images')          # the fixture must load back to what was drawn
    assert all((a.kps == b.kps).all() and (a.ignore == b.ignore).all() and (a.areas == b.areas).all() for a, b in zip(samples, back))
    anns = json.loads(ann.read_text())['annotations']
    assert all(a['area'] < a['bbox'][2] * a['bbox'][3] for a in anns if a['num_keypoints']), 'areas must be the segmentations\', not the boxes\''
    d = json.loads(ann.read_text())
    size = sum(f.stat().st_size for f in out.rglob('*') if f.is_file())
    anns = d['annotations']
    n_crowd, n_empty = sum(a['iscrowd'] for a in anns), sum(a['num_keypoints'] == 0 and not a['iscrowd'] for a in anns)
    print(f"seed {seed}: {len(d['images'])} images, {len(anns)} annotations ({n_crowd} crowd, {n_empty} without keypoints), "
          f"{size / 1024:.0f} KB -> {out}")

if __name__ == '__main__': main()
