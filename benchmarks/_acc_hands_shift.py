"""Hands, a comparison: does training the hands model with larger centre shifts close the gap between the test-time pipeline and
MCP-centred crops? (DeepPrior++'s remedy for an imprecise test-time centre.) Paired over seeds 0, 1, 2.

Each arm runs the `hands` accuracy benchmark (`_acc_hands.measure` with the setup it was measured with: recipe on 1500 synthetic first-person frames, 8 epochs,
learned centre refinement, 200 held-out frames through `pose_nb_predict`'s path) with the recipe's crop augmentation replaced by
`CropAug(max_rot=30°, scale ~ |N(1, .05)|, shift ~ N(0, SIGMA) mm per axis)`; the reference arm is the recipe's own augmentation
(uniform ±8 mm shifts). The centre refiner keeps its own augmentation. Rows: per SIGMA, the paired per-seed difference
(arm − reference) of the pipeline error and of the MCP-centred error; negative is better.
"""
import numpy as np

TITLE = 'hands, centre shifts in training: paired differences against the recipe augmentation'
SIGMAS = (15., 30.)
N, EPOCHS = 1500, 8    # the `hands` rows' setup when this comparison was measured (before hand_centre's `far` rule; they now train on 3000 frames, 20 epochs)

def arm(sigma, quick: bool) -> dict:
    "`_acc_hands`'s values per metric, trained with centre shifts ~ N(0, `sigma`) mm per axis (None: the recipe's augmentation)"
    import pose_nb.hands as H
    from pose_nb.depth import CropAug
    import _acc_hands
    plain = H.CropAug
    if sigma:     # depth_dls calls CropAug(codec) for aug=True; fit_centre_refiner passes its own settings and keeps them
        H.CropAug = lambda codec, *a, **kw: (plain(codec, *a, **kw) if a or kw else
                                             CropAug(codec, max_rot=np.pi / 6, scale=.05, max_trans=sigma, normal=True))
    try: rows = _acc_hands.measure(quick, n=N, epochs=EPOCHS)
    finally: H.CropAug = plain
    return {r['metric']: r['values'] for r in rows} | {'seeds': rows[0]['seeds']}

def measure(quick: bool) -> list:
    ref, out = arm(None, quick), []
    for s in SIGMAS[:1] if quick else SIGMAS:
        r = arm(s, quick)
        for m, name in (('mean_mm_pipeline', 'pipeline'), ('mean_mm_mcp_centred', 'MCP-centred')):
            out.append(dict(metric=f'{m}_shift{s:g}_minus_recipe', values=list(np.subtract(r[m], ref[m])), seeds=ref['seeds'],
                            goal=None, unit='mm', what=f'paired difference of the {name} error, trained with centre shifts σ {s:g} mm '
                            f'per axis minus the recipe augmentation (±8 mm); the reference arm is the `hands` benchmark at {N} frames, {EPOCHS} epochs'))
    return out
