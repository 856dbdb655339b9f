"""Write the tiny FHAD and MSRA fixtures (synthetic hands in scenes, real file formats and quirks): `python data/make_fixtures_hands.py`

Deterministic. Besides the layouts, the fixtures reproduce what real files do that clean fixtures would hide:
- whole first-person scenes as FHAD's (`synthetic_hand_clips`' default design: an object in the hand hiding fingers, the forearm
  from the border, table, clutter, the SR300's shadow bands and unread regions), not a hand on an empty background;
- FHAD: in the first frame, a thin near surface at the right border, nearer than the hand (as on the real `put_salt` frames,
  where it drew the previous `hand_centre` away from the hand);
- FHAD: the annotation folder named `Hand_pose_annotation_v1_1` (one of the two names the dataset's releases use), frame indices
  written `0000` with 6-decimal coordinates, one sequence with an *empty* `skeleton.txt` (as the sequences the dataset's README
  says to ignore), and one *empty* (0-byte) depth PNG in a listed sequence;
- MSRA: one depth frame listed in `joint.txt` whose `.bin` file is missing.
"""
import shutil
from pathlib import Path
from pose_nb.depth import FHAD_DEPTH, MSRA_DEPTH
from pose_nb.hand_synth import synthetic_hand_clips, synthetic_hands
from pose_nb.hand_files import write_fhad, write_msra, fhad_annotations, read_depth_png, write_depth_png

here = Path(__file__).parent
for d in ('fhad_mini', 'msra_mini'): shutil.rmtree(here/d, ignore_errors=True)
# FHAD: 5 clips (one per action) x 3 frames, 2 subjects; clips 1-3 Training, 4-5 Test (no depth noise: the PNGs stay small)
fh = write_fhad(here/'fhad_mini', synthetic_hand_clips(5, 3, FHAD_DEPTH, n_subjects=2, seed=11, sensor=dict(noise=0.)), n_train=3,
                annotations='Hand_pose_annotation_v1_1')
ann = fhad_annotations(fh)
first = sorted((fh/'Video_files').glob('*/*/*/depth/depth_0000.png'))[0]
d = read_depth_png(first); d[120:270, -10:] = 330                                 # the thin near surface at the right border
write_depth_png(first, d)
empty = next(ann/f'Subject_2/pinch/{k}' for k in range(1, 9) if not (ann/f'Subject_2/pinch/{k}').exists())
empty.mkdir(parents=True); (empty/'skeleton.txt').write_text('')                 # an ignored sequence: empty skeleton file
test_seq = (fh/'data_split_action_recognition.txt').read_text().splitlines()[-1].split()[0]
(fh/'Video_files'/test_seq/'depth'/'depth_0001.png').write_bytes(b'')             # an empty depth frame
# MSRA: subjects P0, P1 x gestures '1', 'I' x 3 frames, at MSRA's camera and working distance; one frame file missing
ms = write_msra(here/'msra_mini', synthetic_hands(12, MSRA_DEPTH, seed=12, view='front', depth_range=(250., 400.), noise=1., holes=.01), per_dir=3, gestures=('1', 'I'))
(ms/'P1'/'I'/'000002_depth.bin').unlink()
files = [p for d in ('fhad_mini', 'msra_mini') for p in sorted((here/d).rglob('*')) if p.is_file()]
print(f'wrote {len(files)} files, {sum(p.stat().st_size for p in files) / 2**10:.0f} KB')
