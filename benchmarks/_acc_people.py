"""Issue 21, people: COCO keypoint AP of the `people` recipe's trained model on held-out synthetic people.

Each seed is one `pose_nb_train people --set seed=S` run (through `pose_nb.cli.train_recipe`, into a temporary folder) with the
recipe's defaults (1000 synthetic 64 px images of 1-2 people at least half the image tall, 16 epochs): the model is trained on
the recipe's training images and scored on its validation images (a fixed 20 %), which it never saw, by
`pose_nb.evaluation.people_ap` (people parsed from the heatmaps and PAFs, COCOeval with COCO's OKS sigmas and the people's
segmentation areas). The numbers are the `AP` and `AR` of each run's `results.json`. The seeds change the model's
initialisation and the order of the batches; the images (drawn with `data.seed`) and the split stay the same.
"""
import tempfile

TITLE = ("people: `pose_nb_train people` (multi-stage heatmaps + PAFs, its defaults) on synthetic people; COCO keypoint AP/AR "
         "(pycocotools, OKS) on its held-out validation images, from results.json")

def measure(quick: bool) -> list:
    from pose_nb.cli import train_recipe
    seeds = [0] if quick else [0, 1, 2]
    sets = ['epochs=1', 'data.n=48'] if quick else []
    runs = []
    for s in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(train_recipe('people', out=tmp, sets=[*sets, f'seed={s}'], quiet=True))
    n, secs, ep = runs[0]['n_valid'], sum(r['train_seconds'] for r in runs) / len(runs), runs[0]['epochs']
    what = (f"{n} held-out synthetic images (recipe defaults{', quick: 48 images' if quick else ''}; {ep} epochs, "
            f"{secs:.0f} s training a seed)")
    return [dict(metric='AP', values=[r['AP'] for r in runs], seeds=seeds, goal=('>=', 0.8), unit='',
                 what='COCO keypoint AP, ' + what),
            dict(metric='AR', values=[r['AR'] for r in runs], seeds=seeds, goal=None, unit='', what='COCO keypoint AR, ' + what)]
