"Write the tiny FHAD and MSRA fixtures (synthetic hands, real file formats): `python data/make_fixtures_hands.py`"
import shutil
from pathlib import Path
from pose_nb.depth import FHAD_DEPTH, MSRA_DEPTH
from pose_nb.hand_synth import synthetic_hand_clips, synthetic_hands
from pose_nb.hand_files import write_fhad, write_msra

here = Path(__file__).parent
for d in ('fhad_mini', 'msra_mini'): shutil.rmtree(here/d, ignore_errors=True)
# FHAD: 4 clips (one per action) x 4 frames, 2 subjects; clips 1-2 'Training', 3-4 'Test'
write_fhad(here/'fhad_mini', synthetic_hand_clips(4, 4, FHAD_DEPTH, n_subjects=2, seed=11), n_train=2)
# MSRA: subjects P0, P1 x gestures '1', 'I' x 3 frames, at MSRA's camera and working distance
write_msra(here/'msra_mini', synthetic_hands(12, MSRA_DEPTH, seed=12, depth_range=(250., 400.)), per_dir=3, gestures=('1', 'I'))
files = [p for d in ('fhad_mini', 'msra_mini') for p in sorted((here/d).rglob('*')) if p.is_file()]
print(f'wrote {len(files)} files, {sum(p.stat().st_size for p in files) / 2**10:.0f} KB')
